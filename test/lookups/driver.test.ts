import * as fs from "fs";
import * as path from "path";
import { App, TerraformStack, Token } from "cdktf";
import { ManagedCustomer, TenantProvider } from "../../src";
import {
  AccountRoles,
  LOOKUP_CACHE_FILE_NAME,
  LookupCache,
  LookupMode,
  PENDING_LOOKUP_ID,
  TenantEntitlements,
  TenantLookup,
  availableRatePlans,
  bindLookups,
  checkEntitlement,
  synthWithLookups,
} from "../../src/lookups";
import { TenantApiEmulator } from "../../src/testing";
import {
  FAKE_TOKEN,
  TEMPLATE_ACCOUNT,
  TENANT,
  UNIT_TAGS,
  ZONE_ID,
  apiEnv,
  lookupSeed,
  readTree,
  startEmulator,
  tempDir,
} from "./support";

interface Built {
  unitTag?: string;
  roleId?: string;
}

/** A builder for a one-stack app; `body` adds what a test needs. */
function builder(
  outdir: string,
  body: (stack: TerraformStack, seen: Built) => void,
  seen: Built = {},
): () => App {
  return () => {
    const app = new App({ outdir });
    const stack = new TerraformStack(app, "partner");
    new TenantProvider(stack, "cloudflare");
    body(stack, seen);
    return app;
  };
}

function customerOnUnit(unitName: string, tenantName?: string) {
  return (stack: TerraformStack, seen: Built) => {
    seen.unitTag = TenantLookup.unitTag(stack, { unitName, tenantName });
    new ManagedCustomer(stack, "shop", {
      name: "Shop",
      unitId: seen.unitTag,
      allowDestroy: true,
    });
  };
}

function stackJson(outdir: string): string {
  return fs.readFileSync(
    path.join(outdir, "stacks", "partner", "cdk.tf.json"),
    "utf8",
  );
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the promise to reject");
}

describe("synthWithLookups", () => {
  let emulator: TenantApiEmulator;
  let dir: string;
  let cacheFile: string;

  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(async () => {
    await emulator.close();
  });
  beforeEach(() => {
    emulator.clearFaults();
    dir = tempDir();
    cacheFile = path.join(dir, LOOKUP_CACHE_FILE_NAME);
  });

  function options(extra: object = {}) {
    return {
      cacheFile,
      env: apiEnv(emulator),
      mode: LookupMode.AUTO,
      ...extra,
    };
  }

  it("puts an account on a unit found by name and caches the unit tag", async () => {
    const seen: Built = {};
    const outdir = path.join(dir, "out");
    const result = await synthWithLookups(
      builder(outdir, customerOnUnit("Enterprise"), seen),
      options(),
    );
    expect(seen.unitTag).toBe(UNIT_TAGS.Enterprise);
    const json = JSON.parse(stackJson(outdir));
    const account = Object.values(json.resource.cloudflare_account)[0] as {
      unit: { id: string };
    };
    expect(account.unit.id).toBe(UNIT_TAGS.Enterprise);
    expect(result.fetched).toEqual(["cloudflare:tenant-unit:unit=Enterprise"]);
    expect(
      LookupCache.load(cacheFile).get("cloudflare:tenant-unit:unit=Enterprise"),
    ).toEqual({
      tenantName: TENANT,
      tenantTag: expect.stringMatching(/^[0-9a-f]{32}$/),
      unitName: "Enterprise",
      unitTag: UNIT_TAGS.Enterprise,
    });
  });

  it("grants a role found by name on a template account", async () => {
    const seen: Built = {};
    await synthWithLookups(
      builder(
        path.join(dir, "out"),
        (stack, s) => {
          s.roleId = AccountRoles.roleId(stack, {
            accountName: TEMPLATE_ACCOUNT,
            roleName: "Billing",
          });
        },
        seen,
      ),
      options(),
    );
    const billing = emulator.state.roles.find((r) => r.name === "Billing");
    expect(seen.roleId).toBe(billing?.id);
  });

  it("reads every page of the tenant's accounts", async () => {
    let names: string[] = [];
    await synthWithLookups(
      builder(path.join(dir, "out"), (stack) => {
        names = TenantLookup.accounts(stack).map((a) => a.name);
      }),
      options(),
    );
    expect(names).toHaveLength(121);
    expect(names).toContain("Customer 00120");
    expect(names).toContain(TEMPLATE_ACCOUNT);
    const pages = emulator.requests.filter(
      "GET",
      /^\/tenants\/[^/]+\/accounts$/,
    );
    expect(pages.map((p) => p.query.page).slice(-3)).toEqual(["1", "2", "3"]);
  });

  it("fetches every missing key in one step, each list once", async () => {
    const before = emulator.requests.count;
    const result = await synthWithLookups(
      builder(path.join(dir, "out"), (stack) => {
        TenantLookup.unitTag(stack, { unitName: "Retail" });
        TenantLookup.unitTag(stack, { unitName: "Enterprise" });
        TenantLookup.accountId(stack, { accountName: "Customer 00007" });
        TenantLookup.accountId(stack, { accountName: "Customer 00101" });
      }),
      options(),
    );
    expect(result.fetched).toHaveLength(4);
    // 1 tenants list + 1 tenant + 3 account pages
    expect(emulator.requests.count - before).toBe(5);
  });

  it("adds a not-entitled error for a plan the tenant may not sell", async () => {
    const error = await failure(
      synthWithLookups(
        builder(path.join(dir, "out"), (stack) => {
          TenantEntitlements.enforce(stack);
          checkEntitlement(stack, "PARTNERS_PRO");
          checkEntitlement(stack, "PARTNERS_BIZ");
        }),
        options(),
      ),
    );
    expect(error.message).toContain("[cdktf-cloudflare-tenant:not-entitled]");
    expect(error.message).toContain('"PARTNERS_BIZ"');
    expect(error.message).not.toContain('"PARTNERS_PRO"');
  });

  it("stops the synth of a customer zone on a plan the tenant is not entitled to", async () => {
    const error = await failure(
      synthWithLookups(
        builder(path.join(dir, "out"), (stack) => {
          TenantEntitlements.enforce(stack);
          const shop = new ManagedCustomer(stack, "shop", { name: "Shop" });
          shop.addZone("main", { name: "shop.example", plan: "PARTNERS_PRO" });
          shop.addZone("free", {
            name: "free.example",
            plan: "PARTNERS_FREE",
          });
        }),
        options(),
      ),
    );
    expect(error.message).toContain(
      '[partner/shop/free] [cdktf-cloudflare-tenant:not-entitled] partner/shop/free: the rate plan "PARTNERS_FREE" is not among tenant "Acme Partners"\'s entitlements',
    );
    expect(error.message).not.toContain("partner/shop/main");
  });

  it("leaves plans unjudged when no scope enforces entitlements", async () => {
    const result = await synthWithLookups(
      builder(path.join(dir, "out"), (stack) => {
        const shop = new ManagedCustomer(stack, "shop", { name: "Shop" });
        shop.addZone("free", { name: "free.example", plan: "PARTNERS_FREE" });
      }),
      options(),
    );
    expect(result.used).toEqual([]);
  });

  it("adds a plan-not-available error for a plan an existing zone cannot take", async () => {
    let plans: string[] | undefined;
    const error = await failure(
      synthWithLookups(
        builder(path.join(dir, "out"), (stack) => {
          plans = availableRatePlans(stack, ZONE_ID);
          checkEntitlement(stack, "PARTNERS_PRO", { zoneId: ZONE_ID });
          checkEntitlement(stack, "CF_BIZ", { zoneId: ZONE_ID });
        }),
        options(),
      ),
    );
    expect(plans).toEqual(["PARTNERS_ENT", "PARTNERS_FREE", "PARTNERS_PRO"]);
    expect(error.message).toContain(
      "[cdktf-cloudflare-tenant:plan-not-available]",
    );
    expect(error.message).toContain(
      `zone ${ZONE_ID} cannot take the rate plan "CF_BIZ"`,
    );
  });

  it("throws if the unit name is unknown, listing the units that exist", async () => {
    const error = await failure(
      synthWithLookups(
        builder(path.join(dir, "out"), customerOnUnit("Wholesale")),
        options(),
      ),
    );
    expect(error.message).toContain(
      'Tenant "Acme Partners" has no unit named "Wholesale"; its units are "Retail", "Enterprise", "Twin", "Twin".',
    );
    expect(error.message).toContain("(asked by partner)");
  });

  it("throws if two units carry the name, listing both tags", async () => {
    const error = await failure(
      synthWithLookups(
        builder(path.join(dir, "out"), customerOnUnit("Twin")),
        options(),
      ),
    );
    expect(error.message).toContain('has 2 units named "Twin"');
    expect(error.message).toContain(UNIT_TAGS.Twin1);
    expect(error.message).toContain(UNIT_TAGS.Twin2);
  });

  it("throws if the role name is unknown, listing the roles", async () => {
    const error = await failure(
      synthWithLookups(
        builder(path.join(dir, "out"), (stack) => {
          AccountRoles.roleId(stack, {
            accountName: TEMPLATE_ACCOUNT,
            roleName: "Janitor",
          });
        }),
        options(),
      ),
    );
    expect(error.message).toMatch(
      /offers no role named "Janitor"; its roles are .*"Billing"/,
    );
  });

  it("throws if the credentials administer two tenants and no tenantName is given", async () => {
    const two = await startEmulator(
      lookupSeed([{ name: "Other Partner", units: [{ name: "Retail" }] }]),
    );
    try {
      const error = await failure(
        synthWithLookups(
          builder(path.join(dir, "out"), customerOnUnit("Retail")),
          { ...options(), env: apiEnv(two) },
        ),
      );
      expect(error.message).toContain(
        "The credentials administer 2 tenants, so the tenant is ambiguous",
      );
      expect(error.message).toContain('"Acme Partners"');
      expect(error.message).toContain('"Other Partner"');
      const seen: Built = {};
      await synthWithLookups(
        builder(
          path.join(dir, "out2"),
          customerOnUnit("Retail", "Acme Partners"),
          seen,
        ),
        { ...options(), env: apiEnv(two) },
      );
      expect(seen.unitTag).toBe(UNIT_TAGS.Retail);
    } finally {
      await two.close();
    }
  });

  it("fails a missing key in CI mode with the refresh command, without a request", async () => {
    const before = emulator.requests.count;
    const error = await failure(
      synthWithLookups(
        builder(path.join(dir, "out"), customerOnUnit("Retail")),
        { cacheFile, env: { ...apiEnv(emulator), CI: "true" } },
      ),
    );
    expect(error.message).toContain("[cdktf-cloudflare-tenant:missing-lookup]");
    expect(error.message).toContain("cache-only (CI=true)");
    expect(error.message).toContain("cloudflare:tenant-unit:unit=Retail");
    expect(error.message).toContain(
      "npx cdktf-tenant lookups refresh --missing",
    );
    expect(emulator.requests.count).toBe(before);
    expect(fs.existsSync(cacheFile)).toBe(false);
  });

  it("lets CDKTF_TENANT_LOOKUPS=cache-only stop a local synth too", async () => {
    const error = await failure(
      synthWithLookups(
        builder(path.join(dir, "out"), customerOnUnit("Retail")),
        {
          cacheFile,
          env: { ...apiEnv(emulator), CDKTF_TENANT_LOOKUPS: "cache-only" },
        },
      ),
    );
    expect(error.message).toContain(
      "cache-only (CDKTF_TENANT_LOOKUPS=cache-only)",
    );
  });

  it("synthesizes from the cache alone in CI mode once the key is there", async () => {
    await synthWithLookups(
      builder(path.join(dir, "a"), customerOnUnit("Retail")),
      options(),
    );
    const before = emulator.requests.count;
    const seen: Built = {};
    await synthWithLookups(
      builder(path.join(dir, "b"), customerOnUnit("Retail"), seen),
      { cacheFile, env: { CI: "true" } },
    );
    expect(seen.unitTag).toBe(UNIT_TAGS.Retail);
    expect(emulator.requests.count).toBe(before);
  });

  it("throws if a key is missing and no credentials are set", async () => {
    const error = await failure(
      synthWithLookups(
        builder(path.join(dir, "out"), customerOnUnit("Retail")),
        { cacheFile, env: { CLOUDFLARE_BASE_URL: emulator.baseUrl } },
      ),
    );
    expect(error.message).toContain("no API credentials are set");
  });

  it("never caches a failed lookup, and keeps the values that arrived", async () => {
    emulator.injectFault({
      kind: "status",
      status: 500,
      match: { path: "/accounts/*/roles" },
    });
    const error = await failure(
      synthWithLookups(
        builder(path.join(dir, "out"), (stack) => {
          TenantLookup.unitTag(stack, { unitName: "Retail" });
          AccountRoles.roleId(stack, {
            accountName: TEMPLATE_ACCOUNT,
            roleName: "Billing",
          });
        }),
        options(),
      ),
    );
    expect(error.message).toContain("[cdktf-cloudflare-tenant:lookup-failed]");
    const cache = LookupCache.load(cacheFile);
    expect(cache.keys()).toEqual(["cloudflare:tenant-unit:unit=Retail"]);
    emulator.clearFaults();
    const result = await synthWithLookups(
      builder(path.join(dir, "out"), (stack) => {
        TenantLookup.unitTag(stack, { unitName: "Retail" });
        AccountRoles.roleId(stack, {
          accountName: TEMPLATE_ACCOUNT,
          roleName: "Billing",
        });
      }),
      options(),
    );
    expect(result.fetched).toEqual([
      `cloudflare:account-role:accountName=${TEMPLATE_ACCOUNT}:role=Billing`,
    ]);
  });

  it("synthesizes byte-identical JSON twice in a row, the second time without a request", async () => {
    const body = (stack: TerraformStack) => {
      customerOnUnit("Retail")(stack, {});
      AccountRoles.roleId(stack, {
        accountName: TEMPLATE_ACCOUNT,
        roleName: "Billing",
      });
    };
    await synthWithLookups(builder(path.join(dir, "one"), body), options());
    const cacheText = fs.readFileSync(cacheFile, "utf8");
    const before = emulator.requests.count;
    await synthWithLookups(builder(path.join(dir, "two"), body), options());
    expect(emulator.requests.count).toBe(before);
    expect(stackJson(path.join(dir, "two"))).toBe(
      stackJson(path.join(dir, "one")),
    );
    expect(fs.readFileSync(cacheFile, "utf8")).toBe(cacheText);
  });

  it("writes the credential into neither the cache, the JSON nor an error", async () => {
    const outdir = path.join(dir, "out");
    await synthWithLookups(
      builder(outdir, (stack) => {
        customerOnUnit("Retail")(stack, {});
        TenantLookup.accounts(stack);
        TenantEntitlements.enforce(stack);
      }),
      options(),
    );
    const error = await failure(
      synthWithLookups(
        builder(path.join(dir, "bad"), customerOnUnit("Nope")),
        options(),
      ),
    );
    expect(fs.readFileSync(cacheFile, "utf8")).not.toContain(FAKE_TOKEN);
    expect(readTree(outdir)).not.toContain(FAKE_TOKEN);
    expect(readTree(dir)).not.toContain(FAKE_TOKEN);
    expect(`${error.message}\n${error.stack}`).not.toContain(FAKE_TOKEN);
    expect(JSON.stringify(emulator.requests.entries)).not.toContain(FAKE_TOKEN);
  });

  it("throws before any request if the cache file is not valid JSON", async () => {
    fs.writeFileSync(cacheFile, '{"formatVersion": 1, "lookups": {,}}');
    const before = emulator.requests.count;
    const error = await failure(
      synthWithLookups(
        builder(path.join(dir, "out"), customerOnUnit("Retail")),
        options(),
      ),
    );
    expect(error.message).toContain(`${cacheFile} is not valid JSON`);
    expect(error.message).toContain("delete it and run");
    expect(emulator.requests.count).toBe(before);
  });

  it("throws if the cache file has a newer format version, and leaves it alone", async () => {
    const text = JSON.stringify({ formatVersion: 7, lookups: {} });
    fs.writeFileSync(cacheFile, text);
    const error = await failure(
      synthWithLookups(
        builder(path.join(dir, "out"), customerOnUnit("Retail")),
        options(),
      ),
    );
    expect(error.message).toContain("has formatVersion 7");
    expect(error.message).toContain("Upgrade cdktf-cloudflare-tenant");
    expect(fs.readFileSync(cacheFile, "utf8")).toBe(text);
  });

  it("throws if CDKTF_TENANT_LOOKUPS holds an unknown mode", async () => {
    const error = await failure(
      synthWithLookups(
        builder(path.join(dir, "out"), customerOnUnit("Retail")),
        { cacheFile, env: { CDKTF_TENANT_LOOKUPS: "sometimes" } },
      ),
    );
    expect(error.message).toContain(
      '(CDKTF_TENANT_LOOKUPS or the mode option) is "sometimes"',
    );
  });

  it("throws if the builder returns the same App twice", async () => {
    const app = new App({ outdir: path.join(dir, "out") });
    TenantLookup.unitTag(new TerraformStack(app, "s"), { unitName: "Retail" });
    const error = await failure(synthWithLookups(() => app, options()));
    expect(error.message).toContain("returned an App it did not create");
  });
});

describe("lookups without the lookup step", () => {
  it("stand in a pending id of valid shape and stop app.synth() with a missing-lookup error", () => {
    const dir = tempDir();
    const app = new App({ outdir: path.join(dir, "out") });
    bindLookups(app, { cacheFile: path.join(dir, LOOKUP_CACHE_FILE_NAME) });
    const stack = new TerraformStack(app, "partner");
    new TenantProvider(stack, "cloudflare");
    const unitTag = TenantLookup.unitTag(stack, { unitName: "Retail" });
    expect(unitTag).toBe(PENDING_LOOKUP_ID);
    expect(unitTag).toMatch(/^[0-9a-f]{32}$/);
    expect(() => app.synth()).toThrow(
      /\[cdktf-cloudflare-tenant:missing-lookup\] The lookup cloudflare:tenant-unit:unit=Retail has no value/,
    );
  });

  it("answer from values bound to the app, for unit tests of a stack", () => {
    const app = new App({ outdir: path.join(tempDir(), "out") });
    bindLookups(app, {
      values: {
        "cloudflare:tenant-unit:unit=Retail": { unitTag: "ab".repeat(16) },
      },
    });
    const stack = new TerraformStack(app, "partner");
    expect(TenantLookup.unitTag(stack, { unitName: "Retail" })).toBe(
      "ab".repeat(16),
    );
  });

  it("throws at once if a name is a token", () => {
    const app = new App({ outdir: path.join(tempDir(), "out") });
    const stack = new TerraformStack(app, "partner");
    expect(() =>
      TenantLookup.unitTag(stack, {
        unitName: Token.asString({ Ref: "x" }),
      }),
    ).toThrow("unitName is");
  });

  it("throws at once if a role is to be read on an account the stack creates", () => {
    const app = new App({ outdir: path.join(tempDir(), "out") });
    const stack = new TerraformStack(app, "partner");
    new TenantProvider(stack, "cloudflare");
    const shop = new ManagedCustomer(stack, "shop", { name: "Shop" });
    expect(() =>
      AccountRoles.roleId(stack, {
        accountId: shop.accountId,
        roleName: "Billing",
      }),
    ).toThrow(
      /partner: accountId is the token .*an account this stack creates has no id at synth time/,
    );
  });

  it("throws at once unless exactly one of accountId and accountName is set", () => {
    const app = new App({ outdir: path.join(tempDir(), "out") });
    const stack = new TerraformStack(app, "partner");
    expect(() => AccountRoles.roleId(stack, { roleName: "Billing" })).toThrow(
      "set exactly one of them",
    );
    expect(() =>
      AccountRoles.roleId(stack, {
        roleName: "Billing",
        accountId: "a".repeat(32),
        accountName: "Template",
      }),
    ).toThrow("set exactly one of them");
  });
});
