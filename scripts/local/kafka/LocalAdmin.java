// Local broker administration through Kafka's own Java AdminClient (the broker's jars are on the
// classpath), run as a single-file source program: `java -cp <libs>/* LocalAdmin.java <command> ...`.
// No maintained Node client creates SCRAM users or describes transactions; the reference client does.
// Called by scripts/local/src/kafka/kafka-access.ts.
//
// Common arguments: bootstrap servers, CA file, admin user, admin password. Commands:
//   access             standard input, one per line (the role table of services/contracts):
//                        user <name> <password>
//                        acl <principal> <TOPIC|GROUP|TRANSACTIONAL_ID|CLUSTER> <LITERAL|PREFIXED> <resource> <OPERATION>
//   transaction <id>   prints the coordinator's state of a transactional id and its partition count
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

public class LocalAdmin {
  public static void main(String[] args) throws Exception {
    Properties props = new Properties();
    props.put("bootstrap.servers", args[1]);
    props.put("security.protocol", "SASL_SSL");
    props.put("ssl.truststore.type", "PEM");
    props.put("ssl.truststore.location", args[2]);
    props.put("sasl.mechanism", "SCRAM-SHA-512");
    props.put(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
            + args[3] + "\" password=\"" + args[4] + "\";");
    try (Admin admin = Admin.create(props)) {
      if (args[0].equals("access")) access(admin);
      else if (args[0].equals("transaction")) transaction(admin, args[5]);
      else throw new IllegalArgumentException("unknown command: " + args[0]);
    }
  }

  static void access(Admin admin) throws Exception {
    List<UserScramCredentialAlteration> users = new ArrayList<>();
    List<AclBinding> acls = new ArrayList<>();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      String[] f = line.trim().split(" ");
      if (f[0].equals("user")) {
        users.add(new UserScramCredentialUpsertion(
            f[1], new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), f[2]));
      } else if (f[0].equals("acl")) {
        acls.add(new AclBinding(
            new ResourcePattern(ResourceType.valueOf(f[2]), f[4], PatternType.valueOf(f[3])),
            new AccessControlEntry(f[1], "*", AclOperation.valueOf(f[5]), AclPermissionType.ALLOW)));
      } else if (!f[0].isEmpty()) {
        throw new IllegalArgumentException("unknown line: " + line);
      }
    }
    if (!users.isEmpty()) admin.alterUserScramCredentials(users).all().get(60, TimeUnit.SECONDS);
    if (!acls.isEmpty()) admin.createAcls(acls).all().get(60, TimeUnit.SECONDS);
    System.out.println("created " + users.size() + " users and " + acls.size() + " ACLs");
  }

  static void transaction(Admin admin, String id) throws Exception {
    TransactionDescription d = admin.describeTransactions(List.of(id)).description(id).get(30, TimeUnit.SECONDS);
    System.out.println(d.state() + " " + d.topicPartitions().size());
  }
}
