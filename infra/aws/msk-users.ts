/** MSK's SCRAM users (pure: the cost estimate counts their secrets without loading the AWS SDK). */
import { KAFKA_USER_NAMES } from "@antifraud/contracts";

/** The super user the program writes the ACLs as; no service connects as it. */
export const KAFKA_ADMIN_USER = "antifraud-admin";
/** Every SCRAM user of the cluster, each with its own secret: the services' and the admin. */
export const MSK_SCRAM_USERS: readonly string[] = [...KAFKA_USER_NAMES, KAFKA_ADMIN_USER];
