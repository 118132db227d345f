import type { KafkaConnection } from "@antifraud/contracts";
import { withAdmin } from "./kafka-clients";

/** True once the broker authenticates the admin and answers a metadata request. */
export async function kafkaAnswersMetadata(connection: KafkaConnection): Promise<boolean> {
  return withAdmin(connection, async (admin) => {
    await admin.listTopics({ timeout: 2000 });
    return true;
  });
}
