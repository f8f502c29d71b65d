import { runTerraformCycle, stripPreventDestroy } from "./harness";
import { CYCLE_TIMEOUT_MS, describeWithTerraform } from "./support";

type Json = Record<string, unknown>;

const small = (zoneName: string): Json => ({
  terraform: {
    required_providers: {
      cloudflare: { source: "cloudflare/cloudflare", version: "5.22.0" },
    },
  },
  provider: { cloudflare: [{}] },
  resource: {
    cloudflare_account: {
      a: { name: "Harness Check", lifecycle: { prevent_destroy: true } },
    },
    cloudflare_zone: {
      z: { name: zoneName, account: { id: "${cloudflare_account.a.id}" } },
    },
  },
});

describe("stripPreventDestroy", () => {
  it("removes prevent_destroy and an emptied lifecycle, and leaves the input alone", () => {
    const input = small("a.example");
    const out = stripPreventDestroy(input);
    const accounts = (out.resource as Record<string, Record<string, Json>>)
      .cloudflare_account;
    expect(accounts.a.lifecycle).toBeUndefined();
    expect(
      (input.resource as Record<string, Record<string, Json>>)
        .cloudflare_account.a.lifecycle,
    ).toEqual({ prevent_destroy: true });
  });
});

describeWithTerraform("runTerraformCycle", () => {
  jest.setTimeout(CYCLE_TIMEOUT_MS);

  it("fails a cycle whose change replaces a resource instead of updating it in place", async () => {
    await expect(
      runTerraformCycle(small("first.example"), {
        change: () => small("second.example"),
      }),
    ).rejects.toThrow(
      /the change step reported \{"add":1,"change":0,"destroy":1\}, expected \{"add":0,"destroy":0\} \(in place\)/,
    );
  });
});
