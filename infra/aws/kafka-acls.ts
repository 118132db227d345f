import { KAFKA_USER_NAMES, userAcls, type AclBinding } from "@antifraud/contracts";
import * as kafka from "@pulumi/kafka";
import * as pulumi from "@pulumi/pulumi";

/** The provider's spelling of the contracts' ACL enums (Kafka's Java names). */
const RESOURCE_TYPES: Record<AclBinding["resourceType"], string> = {
  TOPIC: "Topic",
  GROUP: "Group",
  TRANSACTIONAL_ID: "TransactionalID",
  CLUSTER: "Cluster",
};
const OPERATIONS: Record<AclBinding["operation"], string> = {
  READ: "Read",
  WRITE: "Write",
  DESCRIBE: "Describe",
  DESCRIBE_CONFIGS: "DescribeConfigs",
  IDEMPOTENT_WRITE: "IdempotentWrite",
};
const PATTERNS: Record<AclBinding["patternType"], string> = { LITERAL: "Literal", PREFIXED: "Prefixed" };

/** One contract ACL as the Kafka provider's `Acl` arguments: allow, from any host. */
export function aclArgs(acl: AclBinding): kafka.AclArgs {
  return {
    aclPrincipal: acl.principal,
    aclHost: "*",
    aclOperation: OPERATIONS[acl.operation],
    aclPermissionType: "Allow",
    aclResourceType: RESOURCE_TYPES[acl.resourceType],
    aclResourceName: acl.resourceName,
    resourcePatternTypeFilter: PATTERNS[acl.patternType],
  };
}

export interface AwsKafkaAclsArgs {
  readonly bootstrapServers: pulumi.Input<string>;
  /** The super user the ACLs are written as (MSK's `super.users`). */
  readonly admin: { readonly username: string; readonly password: pulumi.Input<string> };
  /** CA the brokers' certificates chain to (Amazon Root CA 1). */
  readonly caPem: pulumi.Input<string>;
  /** What must exist first: the cluster's SCRAM secrets (the admin's among them). */
  readonly dependsOn: pulumi.Input<pulumi.Resource>[];
}

/**
 * The per-user ACLs of services/contracts on MSK, which has no ACL API of its own: written over the Kafka
 * protocol by the Kafka provider as the super user, SASL/SCRAM over verified TLS. The brokers are private,
 * so `pulumi up` of an AWS stack runs on a runner inside the VPC (as prod's private Kubernetes API needs
 * anyway).
 */
export class AwsKafkaAcls extends pulumi.ComponentResource {
  constructor(name: string, args: AwsKafkaAclsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("antifraud:aws:KafkaAcls", name, {}, opts);
    const provider = new kafka.Provider(
      `${name}-provider`,
      {
        bootstrapServers: pulumi.output(args.bootstrapServers).apply((servers) => servers.split(",")),
        tlsEnabled: true,
        caCert: args.caPem,
        saslMechanism: "scram-sha512",
        saslUsername: args.admin.username,
        saslPassword: pulumi.secret(args.admin.password),
      },
      { parent: this, dependsOn: args.dependsOn },
    );
    for (const user of KAFKA_USER_NAMES) {
      for (const acl of userAcls(user)) {
        const id = [user, acl.resourceType, acl.resourceName, acl.operation].join("-").toLowerCase();
        new kafka.Acl(`${name}-${id.replace(/[^a-z0-9.-]+/g, "-")}`, aclArgs(acl), {
          parent: this,
          provider,
        });
      }
    }
    this.registerOutputs({});
  }
}
