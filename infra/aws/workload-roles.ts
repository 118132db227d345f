import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourceName } from "../naming";
import { policyDocument, type Statement } from "./policy-document";
import { awsTags } from "./tags";

/** The annotation through which EKS's pod identity webhook projects a role's web-identity token. */
export const IRSA_ROLE_ANNOTATION = "eks.amazonaws.com/role-arn";

export interface WorkloadRoleGrant {
  /** Namespace and name of the workload's ServiceAccount: the only subject the role trusts. */
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly statements: Statement[];
}

export interface WorkloadRolesArgs {
  readonly stack: string;
  readonly oidcProviderArn: pulumi.Input<string>;
  /** `oidc.eks.<region>.amazonaws.com/id/<id>`, without the scheme. */
  readonly oidcIssuer: pulumi.Input<string>;
  readonly workloads: Readonly<Record<string, WorkloadRoleGrant>>;
}

/**
 * One IAM role per workload for IRSA: the trust admits only the cluster's OIDC provider, for the token
 * of that workload's ServiceAccount (`sub`) issued to STS (`aud`); one inline policy with exactly the
 * statements given (no managed policies, no wildcards on actions).
 */
export class WorkloadRoles extends pulumi.ComponentResource {
  readonly roleArns: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: WorkloadRolesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("antifraud:aws:WorkloadRoles", name, { workloads: Object.keys(args.workloads) }, opts);
    this.roleArns = {};
    for (const [workload, grant] of Object.entries(args.workloads)) {
      const role = new aws.iam.Role(
        `${name}-${workload}`,
        {
          name: resourceName(args.stack, "irsa", workload),
          // The condition keys are named after the issuer, so the document waits for the cluster.
          assumeRolePolicy: pulumi.output(args.oidcIssuer).apply((issuer) =>
            policyDocument({
              Effect: "Allow",
              Principal: { Federated: args.oidcProviderArn },
              Action: "sts:AssumeRoleWithWebIdentity",
              Condition: {
                StringEquals: {
                  [`${issuer}:sub`]: `system:serviceaccount:${grant.namespace}:${grant.serviceAccount}`,
                  [`${issuer}:aud`]: "sts.amazonaws.com",
                },
              },
            }),
          ),
          tags: awsTags(args.stack, "identity"),
        },
        { parent: this },
      );
      new aws.iam.RolePolicy(
        `${name}-${workload}`,
        { role: role.id, policy: policyDocument(...grant.statements) },
        { parent: this },
      );
      this.roleArns[workload] = role.arn;
    }
    this.registerOutputs({ roleArns: this.roleArns });
  }
}
