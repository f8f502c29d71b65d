import { LookupError, lookupErrors } from "./errors";
import { LookupKind, LookupQuery, parseLookupKey } from "./keys";
import { LookupValue } from "./cache";

/**
 * The part of the API client the lookups use. `CloudflareClient` (src/api)
 * has this shape; any object with it will do.
 */
export interface LookupApi {
  request<T>(
    method: string,
    path: string,
    options?: { query?: Record<string, string | number> },
  ): Promise<T>;
  requestEnvelope<T>(
    method: string,
    path: string,
    options?: { query?: Record<string, string | number> },
  ): Promise<{ result: T; result_info?: { total_pages?: number } }>;
}

/** What a fetch reports while it runs; the CLI prints these on stderr. */
export type LookupProgress =
  | { type: "key"; key: string; done: number; total: number; ok: boolean }
  | { type: "page"; what: string; page: number; items: number };

/** One progress event as a line of text. */
export function formatLookupProgress(event: LookupProgress): string {
  if (event.type === "key") {
    return `lookups: ${event.done}/${event.total} keys fetched${event.ok ? "" : " (one failed)"}`;
  }
  return `lookups: ${event.what}: page ${event.page} (${event.items} so far)`;
}

/**
 * A progress callback that hands lines to `write`: every key as it
 * completes, and the first and every tenth page of a long list.
 */
export function lookupProgressReporter(
  write: (line: string) => void,
): (event: LookupProgress) => void {
  return (event) => {
    if (event.type === "page" && event.page !== 1 && event.page % 10 !== 0) {
      return;
    }
    write(`${formatLookupProgress(event)}\n`);
  };
}

const ACCOUNTS_PER_PAGE = 50;
const ROLES_PER_PAGE = 50;
const MAX_PAGES = 10_000;
const PAGE_CONCURRENCY = 4;

interface TenantSummary {
  readonly tenantTag: string;
  readonly tenantName: string;
}

interface TenantUnit {
  readonly unitTag: string;
  readonly unitName: string;
}

interface AccountSummary {
  readonly id: string;
  readonly name: string;
  readonly type: string;
}

interface RoleSummary {
  readonly id: string;
  readonly name: string;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

function asArray(value: unknown, what: string): Record<string, unknown>[] {
  if (!Array.isArray(value)) {
    throw new LookupError(
      lookupErrors.badAnswer(what, `expected a list, got ${typeof value}`),
    );
  }
  return value.filter(
    (v): v is Record<string, unknown> => v !== null && typeof v === "object",
  );
}

function byNameThenId<T extends { name: string; id: string }>(
  a: T,
  b: T,
): number {
  return a.name < b.name
    ? -1
    : a.name > b.name
      ? 1
      : a.id < b.id
        ? -1
        : a.id > b.id
          ? 1
          : 0;
}

/**
 * Answers lookup keys through the API. One instance serves one fetch run:
 * it remembers the lists it has read (tenants, a tenant's accounts, an
 * account's roles), so that many keys about one tenant cost one scan.
 * Failed answers are not remembered.
 */
export class LookupFetcher {
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(
    private readonly api: LookupApi,
    private readonly onProgress: (event: LookupProgress) => void = () => {},
  ) {}

  /** Fetches the value of one key. */
  public async fetch(key: string): Promise<LookupValue> {
    return this.answer(parseLookupKey(key));
  }

  /**
   * Fetches many keys, at most `concurrency` at a time. Returns the values
   * that arrived and the failures, by key; it never throws for one key.
   */
  public async fetchAll(
    keys: readonly string[],
    concurrency = 4,
  ): Promise<{
    values: Map<string, LookupValue>;
    failures: Map<string, Error>;
  }> {
    const values = new Map<string, LookupValue>();
    const failures = new Map<string, Error>();
    let next = 0;
    let done = 0;
    const worker = async (): Promise<void> => {
      while (next < keys.length) {
        const key = keys[next++];
        let ok = true;
        try {
          values.set(key, await this.fetch(key));
        } catch (error) {
          ok = false;
          failures.set(
            key,
            error instanceof Error ? error : new Error(String(error)),
          );
        }
        done += 1;
        this.onProgress({ type: "key", key, done, total: keys.length, ok });
      }
    };
    const workers = Math.max(1, Math.min(concurrency, keys.length));
    await Promise.all(Array.from({ length: workers }, worker));
    return { values, failures };
  }

  private async answer(query: LookupQuery): Promise<LookupValue> {
    const p = query.params;
    switch (query.kind) {
      case LookupKind.TENANT: {
        const tenant = await this.tenant(p.tenant);
        return { tenantName: tenant.tenantName, tenantTag: tenant.tenantTag };
      }
      case LookupKind.TENANT_UNIT: {
        const tenant = await this.tenant(p.tenant);
        const unit = await this.unit(tenant, p.unit);
        return {
          tenantName: tenant.tenantName,
          tenantTag: tenant.tenantTag,
          unitName: unit.unitName,
          unitTag: unit.unitTag,
        };
      }
      case LookupKind.TENANT_ACCOUNTS: {
        const tenant = await this.tenant(p.tenant);
        const accounts = await this.accounts(tenant);
        return {
          accounts: accounts.map((a) => ({ ...a })),
          tenantTag: tenant.tenantTag,
        };
      }
      case LookupKind.TENANT_ACCOUNT: {
        const tenant = await this.tenant(p.tenant);
        const account = await this.account(tenant, p.account);
        return { ...account, tenantTag: tenant.tenantTag };
      }
      case LookupKind.ACCOUNT_ROLE: {
        let accountId = p.account;
        if (accountId === undefined) {
          const tenant = await this.tenant(p.tenant);
          accountId = (await this.account(tenant, p.accountName)).id;
        }
        const role = await this.role(accountId, p.role);
        return { accountId, id: role.id, name: role.name };
      }
      case LookupKind.ZONE_RATE_PLANS: {
        const zoneId = p.zone;
        const plans = asArray(
          await this.api.request<unknown>(
            "GET",
            `/zones/${encodeURIComponent(zoneId)}/available_rate_plans`,
          ),
          `GET /zones/${zoneId}/available_rate_plans`,
        );
        const out = plans
          .map((plan) => ({
            frequency: str(plan.frequency) ?? "",
            id: str(plan.id) ?? "",
            name: str(plan.name) ?? "",
          }))
          .filter((plan) => plan.id !== "")
          .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        return { plans: out, zoneId };
      }
      case LookupKind.TENANT_ENTITLEMENTS: {
        const tenant = await this.tenant(p.tenant);
        const raw = await this.api.request<unknown>(
          "GET",
          `/tenants/${encodeURIComponent(tenant.tenantTag)}/entitlements`,
        );
        return {
          ...normalizeEntitlements(raw),
          tenantName: tenant.tenantName,
          tenantTag: tenant.tenantTag,
        };
      }
    }
  }

  private remember<T>(id: string, load: () => Promise<T>): Promise<T> {
    const known = this.memo.get(id);
    if (known) {
      return known as Promise<T>;
    }
    const pending = load();
    this.memo.set(id, pending);
    pending.catch(() => this.memo.delete(id));
    return pending;
  }

  private async tenants(): Promise<TenantSummary[]> {
    return this.remember("tenants", async () => {
      const raw = asArray(
        await this.api.request<unknown>("GET", "/user/tenants"),
        "GET /user/tenants",
      );
      return raw
        .map((t) => ({
          tenantName: str(t.tenant_name) ?? str(t.name) ?? "",
          tenantTag: str(t.tenant_tag) ?? str(t.tag) ?? str(t.id) ?? "",
        }))
        .filter((t) => t.tenantTag !== "");
    });
  }

  private async tenant(name: string | undefined): Promise<TenantSummary> {
    const all = await this.tenants();
    if (all.length === 0) {
      throw new LookupError(lookupErrors.noTenant());
    }
    const describe = (t: TenantSummary) =>
      `${JSON.stringify(t.tenantName)} (${t.tenantTag})`;
    if (name === undefined) {
      if (all.length > 1) {
        throw new LookupError(
          lookupErrors.ambiguousTenant(undefined, all.map(describe)),
        );
      }
      return all[0];
    }
    const matches = all.filter((t) => t.tenantName === name);
    if (matches.length === 0) {
      throw new LookupError(
        lookupErrors.unknownTenant(
          name,
          all.map((t) => t.tenantName),
        ),
      );
    }
    if (matches.length > 1) {
      throw new LookupError(
        lookupErrors.ambiguousTenant(name, matches.map(describe)),
      );
    }
    return matches[0];
  }

  private async units(tenant: TenantSummary): Promise<TenantUnit[]> {
    return this.remember(`units:${tenant.tenantTag}`, async () => {
      const raw = await this.api.request<Record<string, unknown>>(
        "GET",
        `/tenants/${encodeURIComponent(tenant.tenantTag)}`,
      );
      const units = asArray(
        raw?.tenant_units ?? [],
        `GET /tenants/${tenant.tenantTag} (tenant_units)`,
      );
      return units
        .map((u) => ({
          unitName: str(u.unit_name) ?? "",
          unitTag: str(u.unit_tag) ?? "",
        }))
        .filter((u) => u.unitTag !== "");
    });
  }

  private async unit(tenant: TenantSummary, name: string): Promise<TenantUnit> {
    const all = await this.units(tenant);
    const matches = all.filter((u) => u.unitName === name);
    if (matches.length === 0) {
      throw new LookupError(
        lookupErrors.unknownUnit(
          tenant.tenantName,
          name,
          all.map((u) => u.unitName),
        ),
      );
    }
    if (matches.length > 1) {
      throw new LookupError(
        lookupErrors.ambiguousUnit(
          tenant.tenantName,
          name,
          matches.map((u) => u.unitTag),
        ),
      );
    }
    return matches[0];
  }

  private async accounts(tenant: TenantSummary): Promise<AccountSummary[]> {
    return this.remember(`accounts:${tenant.tenantTag}`, async () => {
      const path = `/tenants/${encodeURIComponent(tenant.tenantTag)}/accounts`;
      const raw = await this.allPages(
        path,
        ACCOUNTS_PER_PAGE,
        `accounts of tenant ${JSON.stringify(tenant.tenantName)}`,
      );
      return raw
        .map((a) => ({
          id: str(a.id) ?? "",
          name: str(a.name) ?? "",
          type: str(a.type) ?? "standard",
        }))
        .filter((a) => a.id !== "")
        .sort(byNameThenId);
    });
  }

  private async account(
    tenant: TenantSummary,
    name: string,
  ): Promise<AccountSummary> {
    const all = await this.accounts(tenant);
    const matches = all.filter((a) => a.name === name);
    if (matches.length === 0) {
      throw new LookupError(
        lookupErrors.unknownAccount(
          tenant.tenantName,
          name,
          all.map((a) => a.name),
        ),
      );
    }
    if (matches.length > 1) {
      throw new LookupError(
        lookupErrors.ambiguousAccount(
          tenant.tenantName,
          name,
          matches.map((a) => a.id),
        ),
      );
    }
    return matches[0];
  }

  private async role(accountId: string, name: string): Promise<RoleSummary> {
    const all = await this.remember(`roles:${accountId}`, async () => {
      const raw = await this.allPages(
        `/accounts/${encodeURIComponent(accountId)}/roles`,
        ROLES_PER_PAGE,
        `roles of account ${accountId}`,
      );
      return raw
        .map((r) => ({ id: str(r.id) ?? "", name: str(r.name) ?? "" }))
        .filter((r) => r.id !== "")
        .sort(byNameThenId);
    });
    const matches = all.filter((r) => r.name === name);
    if (matches.length === 0) {
      throw new LookupError(
        lookupErrors.unknownRole(
          accountId,
          name,
          all.map((r) => r.name),
        ),
      );
    }
    if (matches.length > 1) {
      throw new LookupError(
        lookupErrors.ambiguousRole(
          accountId,
          name,
          matches.map((r) => r.id),
        ),
      );
    }
    return matches[0];
  }

  /**
   * Reads every page of a list: page 1 first; when it reports
   * `total_pages`, the rest a few at a time, else one after another until
   * a short or empty page. Items keep the API's order.
   */
  private async allPages(
    path: string,
    perPage: number,
    what: string,
  ): Promise<Record<string, unknown>[]> {
    let items = 0;
    const fetchPage = async (page: number) => {
      const envelope = await this.api.requestEnvelope<unknown>("GET", path, {
        query: { page, per_page: perPage },
      });
      const result = asArray(envelope.result, `GET ${path}?page=${page}`);
      items += result.length;
      this.onProgress({ type: "page", what, page, items });
      return { result, totalPages: envelope.result_info?.total_pages };
    };
    const first = await fetchPage(1);
    const pages: Record<string, unknown>[][] = [first.result];
    const total = first.totalPages;
    if (typeof total === "number" && Number.isInteger(total)) {
      if (total > MAX_PAGES) {
        throw new LookupError(
          lookupErrors.badAnswer(`GET ${path}`, `${total} pages`),
        );
      }
      let next = 2;
      const worker = async () => {
        while (next <= total) {
          const page = next++;
          pages[page - 1] = (await fetchPage(page)).result;
        }
      };
      await Promise.all(
        Array.from({ length: Math.min(PAGE_CONCURRENCY, total - 1) }, worker),
      );
      return pages.flat();
    }
    for (let page = 2; pages[page - 2].length >= perPage; page++) {
      if (page > MAX_PAGES) {
        throw new LookupError(
          lookupErrors.badAnswer(`GET ${path}`, `more than ${MAX_PAGES} pages`),
        );
      }
      pages.push((await fetchPage(page)).result);
    }
    return pages.flat();
  }
}

/** Entitlements as stored: features sorted, custom ones as a sorted list. */
function normalizeEntitlements(raw: unknown): {
  customEntitlements: LookupValue[];
  entitlements: Record<string, LookupValue>;
} {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new LookupError(
      lookupErrors.badAnswer(
        "GET /tenants/{id}/entitlements",
        "expected an object",
      ),
    );
  }
  const entitlements: Record<string, LookupValue> = {};
  const customEntitlements: {
    feature: string;
    type: string;
    value: LookupValue;
  }[] = [];
  for (const [feature, grant] of Object.entries(raw)) {
    if (feature === "custom_entitlements") {
      for (const custom of asArray(grant ?? [], "custom_entitlements")) {
        const featureKey = str(
          (custom.feature as Record<string, unknown> | undefined)?.key,
        );
        const allocation = (custom.allocation ?? {}) as Record<string, unknown>;
        if (featureKey) {
          customEntitlements.push({
            feature: featureKey,
            type: str(allocation.type) ?? "",
            value: (allocation.value ?? null) as LookupValue,
          });
        }
      }
      continue;
    }
    if (grant !== null && typeof grant === "object" && !Array.isArray(grant)) {
      const g = grant as Record<string, unknown>;
      entitlements[feature] = {
        type: str(g.type) ?? "",
        value: (g.value ?? null) as LookupValue,
      };
    }
  }
  customEntitlements.sort((a, b) =>
    a.feature < b.feature ? -1 : a.feature > b.feature ? 1 : 0,
  );
  return { customEntitlements, entitlements };
}
