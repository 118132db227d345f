/**
 * Pure naming rules between the Terraform provider's schema and the Pulumi bindings, the same ones
 * Pulumi's Terraform bridge applies: `yandex_vpc_subnet` -> `yandex:index/vpcSubnet:VpcSubnet`,
 * snake_case -> camelCase, repeatable blocks and list attributes pluralised (`static_route` ->
 * `staticRoutes`), blocks of at most one item kept singular (they become single objects).
 */

/** Prefix every resource type of the provider carries. */
export const TERRAFORM_TYPE_PREFIX = "yandex_";

export function camelCase(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

export function pascalCase(snake: string): string {
  const camel = camelCase(snake);
  return camel.charAt(0).toUpperCase() + camel.slice(1);
}

/** English plural of the last word of a snake_case name; names that already end in a plural stay. */
export function pluralize(snake: string): string {
  if (/(ss|x|ch|sh)$/.test(snake)) return `${snake}es`;
  if (/s$/.test(snake)) return snake;
  if (/[^aeiou]y$/.test(snake)) return `${snake.slice(0, -1)}ies`;
  return `${snake}s`;
}

/** Pulumi property name of a Terraform attribute or block; `repeated` = list/set with no limit of one. */
export function propertyName(tfName: string, repeated: boolean): string {
  return camelCase(repeated ? pluralize(tfName) : tfName);
}

/** `yandex_vpc_subnet` -> `VpcSubnet` (the generated class). */
export function resourceClassName(tfType: string): string {
  if (!tfType.startsWith(TERRAFORM_TYPE_PREFIX)) {
    throw new Error(`'${tfType}' is not a resource type of the yandex provider`);
  }
  return pascalCase(tfType.slice(TERRAFORM_TYPE_PREFIX.length));
}

/** `yandex_vpc_subnet` -> `yandex:index/vpcSubnet:VpcSubnet`. */
export function resourceToken(tfType: string): string {
  const name = resourceClassName(tfType);
  return `yandex:index/${name.charAt(0).toLowerCase()}${name.slice(1)}:${name}`;
}
