// Prints the coordinator's state of one transactional id (Ongoing, PrepareCommit, CompleteCommit,
// Empty, ...) through Kafka's Java AdminClient, run as a single-file source program. The tests use it
// to pause a worker exactly while it holds an open transaction; no Node client describes transactions.
// Arguments: bootstrap servers, CA file, admin user, admin password, transactional id.
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionDescription;

public class TransactionState {
  public static void main(String[] args) throws Exception {
    Properties props = new Properties();
    props.put("bootstrap.servers", args[0]);
    props.put("security.protocol", "SASL_SSL");
    props.put("ssl.truststore.type", "PEM");
    props.put("ssl.truststore.location", args[1]);
    props.put("sasl.mechanism", "SCRAM-SHA-512");
    props.put(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
            + args[2] + "\" password=\"" + args[3] + "\";");
    try (Admin admin = Admin.create(props)) {
      TransactionDescription d =
          admin.describeTransactions(List.of(args[4])).description(args[4]).get(30, TimeUnit.SECONDS);
      System.out.println(d.state() + " " + d.topicPartitions().size());
    }
  }
}
