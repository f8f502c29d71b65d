import { Account } from "@cdktf/provider-cloudflare/lib/account";
import { TerraformStack, Testing, Tokenization } from "cdktf";
import {
  ManagedCustomer,
  TenantProvider,
  withoutTokenStackTraces,
} from "../../src";

function newStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "test");
  new TenantProvider(stack, "cloudflare");
  return stack;
}

function creationStack(token: string): string[] {
  const resolvable = Tokenization.reverseString(token).firstToken;
  if (resolvable === undefined) throw new Error(`${token} is not a token`);
  return resolvable.creationStack;
}

describe("withoutTokenStackTraces", () => {
  it("builds constructs whose tokens record no creation stack", () => {
    const stack = newStack();
    const inside = withoutTokenStackTraces(
      () => new Account(stack, "a", { name: "A" }).id,
    );
    const outside = new Account(stack, "b", { name: "B" }).id;
    expect(creationStack(inside)).toEqual([]);
    expect(creationStack(outside).length).toBeGreaterThan(3);
  });

  it("is what ManagedCustomer builds its resources with", () => {
    const customer = new ManagedCustomer(newStack(), "a", { name: "A" });
    const zone = customer.addZone("web", { name: "a.example" });
    expect(creationStack(customer.accountId)).toEqual([]);
    expect(creationStack(zone.zoneId)).toEqual([]);
  });

  it("leaves captures with an ordinary depth alone", () => {
    const target: { stack?: string } = {};
    withoutTokenStackTraces(() => Error.captureStackTrace(target));
    expect(target.stack).toContain("at ");
  });

  it("restores Error.captureStackTrace when the build throws", () => {
    const capture = Error.captureStackTrace;
    expect(() =>
      withoutTokenStackTraces(() => {
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(Error.captureStackTrace).toBe(capture);
  });

  it("synthesizes the same JSON as a build with stack traces", () => {
    const build = (stack: TerraformStack) => {
      const c = new ManagedCustomer(stack, "acme", {
        name: "Acme",
        members: [{ email: "it@acme.example" }],
      });
      c.addZone("web", { name: "acme.example", plan: "PARTNERS_PRO" });
      c.addAddon("access", { ratePlan: "PARTNERS_ACCESS_BASIC" });
    };
    const plain = newStack();
    build(plain);
    const skipped = newStack();
    withoutTokenStackTraces(() => build(skipped));
    expect(Testing.synth(skipped)).toEqual(Testing.synth(plain));
  });
});
