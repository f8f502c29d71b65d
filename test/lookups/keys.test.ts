import {
  LookupKeyError,
  LookupKind,
  lookupKey,
  parseLookupKey,
} from "../../src/lookups/keys";

describe("lookupKey", () => {
  it("sorts the parameters by name and leaves absent ones out", () => {
    expect(
      lookupKey(LookupKind.TENANT_UNIT, {
        unit: "Europe",
        tenant: undefined,
      }),
    ).toBe("cloudflare:tenant-unit:unit=Europe");
    expect(
      lookupKey(LookupKind.TENANT_UNIT, { unit: "Europe", tenant: "Acme" }),
    ).toBe("cloudflare:tenant-unit:tenant=Acme:unit=Europe");
  });

  it("escapes colons, equals signs and percent signs in values only", () => {
    const key = lookupKey(LookupKind.TENANT_UNIT, {
      unit: "Sales: EU = 100% ",
    });
    expect(key).toBe("cloudflare:tenant-unit:unit=Sales%3A EU %3D 100%25 ");
    expect(parseLookupKey(key).params.unit).toBe("Sales: EU = 100% ");
  });

  it("round-trips every kind through parseLookupKey", () => {
    const keys = [
      lookupKey(LookupKind.TENANT, {}),
      lookupKey(LookupKind.TENANT_ACCOUNTS, { tenant: "T" }),
      lookupKey(LookupKind.TENANT_ACCOUNT, { account: "Shop" }),
      lookupKey(LookupKind.ACCOUNT_ROLE, {
        account: "a".repeat(32),
        role: "R",
      }),
      lookupKey(LookupKind.ZONE_RATE_PLANS, { zone: "z".repeat(32) }),
      lookupKey(LookupKind.TENANT_ENTITLEMENTS, {}),
    ];
    for (const key of keys) {
      const query = parseLookupKey(key);
      expect(lookupKey(query.kind, query.params)).toBe(key);
    }
  });

  it("throws if a required parameter is missing", () => {
    expect(() => lookupKey(LookupKind.TENANT_UNIT, {})).toThrow(
      'tenant-unit needs the parameter "unit"',
    );
  });

  it("throws if an account role names both an account id and a name", () => {
    expect(() =>
      lookupKey(LookupKind.ACCOUNT_ROLE, {
        role: "R",
        account: "a",
        accountName: "b",
      }),
    ).toThrow("exactly one of account, accountName");
  });

  it("throws if a key is not canonical or not ours", () => {
    expect(() => parseLookupKey("aws:tenant")).toThrow(LookupKeyError);
    expect(() =>
      parseLookupKey("cloudflare:tenant-unit:unit=B:tenant=A"),
    ).toThrow("not in canonical form");
    expect(() => parseLookupKey("cloudflare:nope")).toThrow(
      'unknown lookup kind "nope"',
    );
    expect(() => parseLookupKey("cloudflare:tenant:token=abc")).toThrow(
      'parameter "token" is not one of tenant\'s',
    );
  });
});
