/** AWS tags carry the same keys as the Yandex labels, so cost and ownership trace the same way on both clouds. */
import { cloudLabels } from "../naming";

/** AmazonEMRServicePolicy_v2 acts only on subnets and security groups that carry this tag. */
export const EMR_MANAGED_TAG = { "for-use-with-amazon-emr-managed-policies": "true" };

export function awsTags(stack: string, component: string, name?: string): Record<string, string> {
  return { ...cloudLabels(stack, component), ...(name === undefined ? {} : { Name: name }) };
}
