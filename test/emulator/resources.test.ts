import {
  ADMINISTRATOR_ROLE_ID,
  DEFAULT_TENANT_TAG,
  DEFAULT_UNIT_TAGS,
  TenantApiEmulator,
} from "../../src/testing";
import { call } from "./http";

describe("TenantApiEmulator resource routes", () => {
  let emulator: TenantApiEmulator;

  beforeAll(async () => {
    emulator = await TenantApiEmulator.start();
  });
  afterAll(async () => {
    await emulator.close();
  });
  beforeEach(() => emulator.reset());

  async function createAccount(body: Record<string, unknown> = {}) {
    const answer = await call(emulator.baseUrl, "POST", "/accounts", {
      name: "Acme Ltd",
      type: "enterprise",
      ...body,
    });
    expect(answer.status).toBe(200);
    return answer.body.result;
  }

  async function createZone(accountId: string, name = "acme.example") {
    const answer = await call(emulator.baseUrl, "POST", "/zones", {
      name,
      account: { id: accountId },
      type: "full",
    });
    expect(answer.status).toBe(200);
    return answer.body.result;
  }

  test("creates an account on a unit, answers managed_by and no unit key", async () => {
    const answer = await call(emulator.baseUrl, "POST", "/accounts", {
      name: "Acme Ltd",
      type: "enterprise",
      unit: { id: DEFAULT_UNIT_TAGS.Europe },
      business_name: "Acme",
      settings: { enforce_twofactor: true },
    });

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      success: true,
      errors: [],
      messages: [],
    });
    const result = answer.body.result;
    expect(result.id).toMatch(/^[0-9a-f]{32}$/);
    expect(result).toMatchObject({
      name: "Acme Ltd",
      type: "enterprise",
      settings: { enforce_twofactor: true },
      managed_by: {
        parent_org_id: DEFAULT_UNIT_TAGS.Europe,
        parent_org_name: "Europe",
      },
    });
    expect(result).not.toHaveProperty("unit");
    expect(emulator.state.accounts[result.id]).toMatchObject({
      type: "enterprise",
      unitTag: DEFAULT_UNIT_TAGS.Europe,
      tenantTag: DEFAULT_TENANT_TAG,
      business_name: "Acme",
    });
  });

  test("throws 400 if a KYC field is over 120 characters", async () => {
    const answer = await call(emulator.baseUrl, "POST", "/accounts", {
      name: "Acme",
      business_address: "x".repeat(121),
    });
    expect(answer.status).toBe(400);
    expect(answer.body.success).toBe(false);
    expect(answer.body.errors[0].message).toContain("business_address");
  });

  test("updates an account with PUT and reads it back with GET", async () => {
    const created = await createAccount();
    const put = await call(emulator.baseUrl, "PUT", `/accounts/${created.id}`, {
      name: "Acme Renamed",
      settings: { abuse_contact_email: "abuse@acme.example" },
    });
    expect(put.status).toBe(200);
    const got = await call(emulator.baseUrl, "GET", `/accounts/${created.id}`);
    expect(got.body.result).toMatchObject({
      name: "Acme Renamed",
      type: "enterprise",
      settings: {
        abuse_contact_email: "abuse@acme.example",
        enforce_twofactor: false,
      },
    });
  });

  test("lists accounts created under the tenant at /tenants/{id}/accounts", async () => {
    await createAccount({ name: "One" });
    await createAccount({ name: "Two" });
    const answer = await call(
      emulator.baseUrl,
      "GET",
      `/tenants/${DEFAULT_TENANT_TAG}/accounts?page=1&per_page=10`,
    );
    expect(answer.status).toBe(200);
    expect(answer.body.result.map((a: { name: string }) => a.name)).toEqual([
      "One",
      "Two",
    ]);
    expect(answer.body.result_info).toEqual({
      page: 1,
      per_page: 10,
      count: 2,
      total_count: 2,
      total_pages: 1,
    });
  });

  test("adds a member with role ids and answers full role objects", async () => {
    const account = await createAccount();
    const answer = await call(
      emulator.baseUrl,
      "POST",
      `/accounts/${account.id}/members`,
      { email: "owner@acme.example", roles: [ADMINISTRATOR_ROLE_ID] },
    );
    expect(answer.status).toBe(200);
    const result = answer.body.result;
    expect(result).toMatchObject({
      email: "owner@acme.example",
      status: "pending",
      policies: [],
      user: { email: "owner@acme.example" },
    });
    expect(result.id).toMatch(/^[0-9a-f]{32}$/);
    expect(result.roles[0]).toMatchObject({
      id: ADMINISTRATOR_ROLE_ID,
      name: "Administrator",
    });
    expect(result.roles[0].permissions.dns).toEqual({
      read: true,
      write: true,
    });
  });

  test("updates a member's roles sent as {id} objects, as the provider does", async () => {
    const account = await createAccount();
    const roles = await call(
      emulator.baseUrl,
      "GET",
      `/accounts/${account.id}/roles?per_page=50`,
    );
    const readOnly = roles.body.result.find(
      (r: { name: string }) => r.name === "Administrator Read Only",
    );
    const member = await call(
      emulator.baseUrl,
      "POST",
      `/accounts/${account.id}/members`,
      { email: "ops@acme.example", roles: [ADMINISTRATOR_ROLE_ID] },
    );
    const path = `/accounts/${account.id}/members/${member.body.result.id}`;

    const put = await call(emulator.baseUrl, "PUT", path, {
      account_id: account.id,
      roles: [{ id: readOnly.id }],
    });

    expect(put.status).toBe(200);
    expect(put.body.result.roles.map((r: { id: string }) => r.id)).toEqual([
      readOnly.id,
    ]);
    const got = await call(emulator.baseUrl, "GET", path);
    expect(got.body.result.roles[0].name).toBe("Administrator Read Only");
  });

  test("throws 400 if a member names a role that does not exist", async () => {
    const account = await createAccount();
    const answer = await call(
      emulator.baseUrl,
      "POST",
      `/accounts/${account.id}/members`,
      { email: "x@acme.example", roles: ["ffffffffffffffffffffffffffffffff"] },
    );
    expect(answer.status).toBe(400);
  });

  test("paginates roles with per_page between 5 and 50", async () => {
    const account = await createAccount();
    const first = await call(
      emulator.baseUrl,
      "GET",
      `/accounts/${account.id}/roles?page=1&per_page=5`,
    );
    expect(first.body.result).toHaveLength(5);
    expect(first.body.result_info.total_pages).toBe(
      Math.ceil(first.body.result_info.total_count / 5),
    );
    const tooSmall = await call(
      emulator.baseUrl,
      "GET",
      `/accounts/${account.id}/roles?per_page=4`,
    );
    expect(tooSmall.status).toBe(400);
    const past = await call(
      emulator.baseUrl,
      "GET",
      `/accounts/${account.id}/roles?page=99&per_page=5`,
    );
    expect(past.status).toBe(200);
    expect(past.body.result).toEqual([]);
  });

  test("creates a pending zone with two name servers and refuses a duplicate with 1061", async () => {
    const account = await createAccount();
    const zone = await createZone(account.id);
    expect(zone).toMatchObject({
      name: "acme.example",
      status: "pending",
      type: "full",
      account: { id: account.id, name: "Acme Ltd" },
      plan: { legacy_id: "free" },
    });
    expect(zone.id).toMatch(/^[0-9a-f]{32}$/);
    expect(zone.name_servers).toHaveLength(2);

    const again = await call(emulator.baseUrl, "POST", "/zones", {
      name: "acme.example",
      account: { id: account.id },
    });
    expect(again.status).toBe(400);
    expect(again.body.errors[0].code).toBe(1061);
  });

  test("answers 404 with 1207 for the subscription of a zone on no paid plan", async () => {
    const account = await createAccount();
    const zone = await createZone(account.id);
    const answer = await call(
      emulator.baseUrl,
      "GET",
      `/zones/${zone.id}/subscription`,
    );
    expect(answer.status).toBe(404);
    expect(answer.body.errors[0].code).toBe(1207);
  });

  test("records a zone subscription and puts the zone on that plan", async () => {
    const account = await createAccount();
    const zone = await createZone(account.id);
    const post = await call(
      emulator.baseUrl,
      "POST",
      `/zones/${zone.id}/subscription`,
      {
        rate_plan: { id: "PARTNERS_BIZ" },
        frequency: "yearly",
        component_values: [{ name: "page_rules", value: 60 }],
      },
    );
    expect(post.status).toBe(200);
    expect(post.body.result).toMatchObject({
      frequency: "yearly",
      state: "Paid",
      currency: "USD",
      rate_plan: { id: "PARTNERS_BIZ", scope: "zone", sets: [] },
    });
    expect(post.body.result.component_values).toContainEqual({
      name: "page_rules",
      value: 60,
      default: 50,
      price: 50,
    });

    const put = await call(
      emulator.baseUrl,
      "PUT",
      `/zones/${zone.id}/subscription`,
      { rate_plan: { id: "PARTNERS_PRO" }, frequency: "monthly" },
    );
    expect(put.body.result.rate_plan.id).toBe("PARTNERS_PRO");
    expect(put.body.result.id).toBe(post.body.result.id);
    const got = await call(emulator.baseUrl, "GET", `/zones/${zone.id}`);
    expect(got.body.result.plan).toMatchObject({ legacy_id: "pro" });
  });

  test("answers 1225 for a rate plan the tenant is not entitled to", async () => {
    const account = await createAccount();
    const zone = await createZone(account.id);
    const answer = await call(
      emulator.baseUrl,
      "POST",
      `/zones/${zone.id}/subscription`,
      { rate_plan: { id: "business" } },
    );
    expect(answer.status).toBe(403);
    expect(answer.body.errors[0]).toEqual({
      code: 1225,
      message: expect.stringContaining(
        "Your account does not have access to this product.",
      ),
    });
  });

  test("creates, lists, updates and deletes account subscriptions", async () => {
    const account = await createAccount();
    const base = `/accounts/${account.id}/subscriptions`;
    const post = await call(emulator.baseUrl, "POST", base, {
      rate_plan: { id: "TEAMS_STANDARD" },
    });
    expect(post.status).toBe(200);
    const id = post.body.result.id;
    expect(post.body.result).toMatchObject({
      frequency: "monthly",
      rate_plan: { id: "TEAMS_STANDARD", scope: "account" },
    });

    const list = await call(emulator.baseUrl, "GET", base);
    expect(list.body.result.map((s: { id: string }) => s.id)).toEqual([id]);

    const put = await call(emulator.baseUrl, "PUT", `${base}/${id}`, {
      frequency: "yearly",
    });
    expect(put.body.result).toMatchObject({ id, frequency: "yearly" });

    const del = await call(emulator.baseUrl, "DELETE", `${base}/${id}`);
    expect(del.body.result).toEqual({ subscription_id: id });
    expect(emulator.state.accountSubscriptions).toEqual({});
  });

  test("creates a service user whose api_key is answered once and kept only as a hash", async () => {
    const answer = await call(emulator.baseUrl, "POST", "/users", {
      email: "svc-acme@example.com",
    });
    expect(answer.status).toBe(200);
    const { api_key: apiKey, ...user } = answer.body.result;
    expect(apiKey).toMatch(/^[0-9a-f]{37}$/);
    expect(user).toMatchObject({
      email: "svc-acme@example.com",
      first_name: null,
      two_factor_authentication: { enabled: false, locked: false },
    });
    expect(JSON.stringify(emulator.state.users)).not.toContain(apiKey);

    const asUser = await call(
      emulator.baseUrl,
      "GET",
      "/user/tenants",
      undefined,
      {
        "x-auth-email": "svc-acme@example.com",
        "x-auth-key": apiKey,
      },
    );
    expect(asUser.status).toBe(200);
  });

  test("deletes an account with its zones, members and subscriptions", async () => {
    const account = await createAccount();
    const zone = await createZone(account.id);
    await call(emulator.baseUrl, "POST", `/zones/${zone.id}/subscription`, {
      rate_plan: { id: "PARTNERS_PRO" },
    });
    await call(emulator.baseUrl, "POST", `/accounts/${account.id}/members`, {
      email: "a@acme.example",
      roles: [ADMINISTRATOR_ROLE_ID],
    });
    await call(
      emulator.baseUrl,
      "POST",
      `/accounts/${account.id}/subscriptions`,
      {
        rate_plan: { id: "WORKERS_PAID" },
      },
    );

    const del = await call(
      emulator.baseUrl,
      "DELETE",
      `/accounts/${account.id}`,
    );

    expect(del.body.result).toEqual({ id: account.id });
    expect(emulator.state.accounts).toEqual({});
    expect(emulator.state.zones).toEqual({});
    expect(emulator.state.zoneSubscriptions).toEqual({});
    expect(emulator.state.members).toEqual({});
    expect(emulator.state.accountSubscriptions).toEqual({});
    const gone = await call(emulator.baseUrl, "GET", `/accounts/${account.id}`);
    expect(gone.status).toBe(404);
  });
});
