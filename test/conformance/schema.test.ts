import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import {
  createProviderMirror,
  createWorkspace,
  PROVIDER_VERSIONS,
  ProviderMirror,
  SCHEMA_DIR,
} from "./harness";
import { describeWithTerraform } from "./support";

type Json = Record<string, unknown>;
const ADDR = "registry.terraform.io/cloudflare/cloudflare";

interface ProviderSchemas {
  provider: unknown;
  resource_schemas: Record<string, unknown>;
  data_source_schemas: Record<string, unknown>;
}

function recorded(version: string): ProviderSchemas {
  const file = join(SCHEMA_DIR, `cloudflare-${version}.schema.json`);
  return JSON.parse(readFileSync(file, "utf8")).provider_schemas[ADDR];
}

describeWithTerraform("the stand-in's schema under terraform", () => {
  jest.setTimeout(120_000);
  let mirror: ProviderMirror;

  beforeAll(() => {
    mirror = createProviderMirror();
  });

  it.each(PROVIDER_VERSIONS)(
    "prints exactly the recorded schema of %s in `terraform providers schema -json`",
    async (version) => {
      const ws = await createWorkspace({ mirror });
      try {
        ws.writeConfig({
          terraform: {
            required_providers: {
              cloudflare: { source: "cloudflare/cloudflare", version },
            },
          },
          provider: { cloudflare: [{}] },
        });
        await ws.mustRun("init", ["init", "-no-color", "-input=false"]);
        const run = await ws.mustRun("schema", [
          "providers",
          "schema",
          "-json",
        ]);
        const printed = JSON.parse(run.stdout).provider_schemas[
          ADDR
        ] as ProviderSchemas;
        const want = recorded(version);
        expect(Object.keys(printed.resource_schemas).sort()).toEqual(
          Object.keys(want.resource_schemas).sort(),
        );
        expect(Object.keys(printed.data_source_schemas).sort()).toEqual(
          Object.keys(want.data_source_schemas).sort(),
        );
        expect(printed.provider).toEqual(want.provider);
        // The credentials became sensitive in 5.19.0.
        const creds = (
          printed.provider as { block: { attributes: Record<string, Json> } }
        ).block.attributes;
        for (const name of ["api_key", "api_token", "api_user_service_key"]) {
          expect([name, creds[name].sensitive]).toEqual([
            name,
            version === "5.22.0" ? true : undefined,
          ]);
        }
        for (const [name, schema] of Object.entries(want.resource_schemas)) {
          expect({ name, schema: printed.resource_schemas[name] }).toEqual({
            name,
            schema,
          });
        }
        for (const [name, schema] of Object.entries(want.data_source_schemas)) {
          expect({ name, schema: printed.data_source_schemas[name] }).toEqual({
            name,
            schema,
          });
        }
        // The lock file records the stand-in's hash, as init does for a
        // real provider.
        const lock = readFileSync(join(ws.dir, ".terraform.lock.hcl"), "utf8");
        expect(lock).toContain(`version     = "${version}"`);
        expect(lock).toMatch(/"h1:[A-Za-z0-9+/=]+"/);
      } finally {
        await ws.close();
      }
    },
  );

  afterAll(() => {
    if (!process.env.CF_CONFORMANCE_KEEP) {
      rmSync(mirror.root, { recursive: true, force: true });
    }
  });
});
