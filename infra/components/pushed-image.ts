import * as dockerBuild from "@pulumi/docker-build";
import * as pulumi from "@pulumi/pulumi";

/** The stack's container registry as the image build logs in to it. */
export interface RegistryLogin {
  readonly address: pulumi.Input<string>;
  readonly username: pulumi.Input<string>;
  readonly password: pulumi.Input<string>;
}

export interface PushedImageArgs {
  readonly context: string;
  readonly dockerfile: string;
  /** Repository the image is pushed to, e.g. `cr.yandex/<registry id>/scoring`. */
  readonly repository: pulumi.Input<string>;
  readonly stack: string;
  readonly registry: RegistryLogin;
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/**
 * An image of this repository built for linux/amd64 and pushed to the stack's registry; workloads run
 * it by the digest the push returned (`ref`), never by the mutable stack tag.
 */
export function pushedImage(name: string, args: PushedImageArgs, parent: pulumi.Resource): dockerBuild.Image {
  return new dockerBuild.Image(
    name,
    {
      context: { location: args.context },
      dockerfile: { location: args.dockerfile },
      platforms: ["linux/amd64"],
      tags: [pulumi.interpolate`${args.repository}:${args.stack}`],
      push: true,
      registries: [
        {
          address: args.registry.address,
          username: args.registry.username,
          password: pulumi.secret(args.registry.password),
        },
      ],
    },
    { parent, dependsOn: args.dependsOn ?? [] },
  );
}
