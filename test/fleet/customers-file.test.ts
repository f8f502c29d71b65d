import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CustomersFile, CustomersFileError } from "../../src";

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CustomersFileError);
    const e = error as CustomersFileError;
    return e.problems.map((p) => `${e.source}: ${p.path}: ${p.message}`);
  }
  throw new Error("expected a CustomersFileError, none was thrown");
}

const ACME = {
  key: "acme",
  name: "Acme Ltd",
  members: [{ email: "it@acme.example" }],
  zones: [{ name: "acme.example", plan: "PARTNERS_PRO" }],
  addons: [{ id: "access", ratePlan: "PARTNERS_ACCESS_BASIC" }],
};

describe("CustomersFile", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "customers-file-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function write(name: string, text: string): string {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  }

  it("reads the customers of a JSON file in file order", () => {
    const path = write(
      "ok.json",
      JSON.stringify({
        version: 1,
        customers: [ACME, { key: "b", name: "B" }],
      }),
    );
    const file = CustomersFile.load(path);
    expect(file.source).toBe(path);
    expect(file.customers.map((c) => c.key)).toEqual(["acme", "b"]);
    expect(file.customers[0].zones?.[0].plan).toBe("PARTNERS_PRO");
  });

  it("throws if the file is not valid JSON, naming the file", () => {
    const path = write("bad.json", '{ "customers": [ { "key": "a", } ] }');
    const [problem] = problemsOf(() => CustomersFile.load(path));
    expect(problem).toContain(`${path}: (file): is not valid JSON`);
  });

  it("throws if the file does not exist", () => {
    const [problem] = problemsOf(() =>
      CustomersFile.load(join(dir, "missing.json")),
    );
    expect(problem).toContain("cannot be read (ENOENT)");
  });

  it("throws if the file is YAML, saying how to read it anyway", () => {
    const path = write("customers.yaml", "customers: []\n");
    const [problem] = problemsOf(() => CustomersFile.load(path));
    expect(problem).toContain('has the extension ".yaml"');
    expect(problem).toContain("CustomersFile.parse");
  });

  it("throws if the customers array is missing", () => {
    expect(problemsOf(() => CustomersFile.parse({ clients: [] }))).toEqual([
      expect.stringContaining(
        'customers: clients: "clients" is not a field here',
      ),
      expect.stringContaining('has no "customers" array'),
    ]);
  });

  it("points at the entry and field of a misspelt field, with a suggestion", () => {
    const problems = problemsOf(() =>
      CustomersFile.parse(
        {
          customers: [ACME, { key: "b", name: "B", abuseEmail: "x@b.example" }],
        },
        "customers.json",
      ),
    );
    expect(problems).toEqual([
      expect.stringMatching(
        /^customers\.json: customers\[1\]\.abuseEmail: "abuseEmail" is not a field here; did you mean "abuseContactEmail"\?/,
      ),
    ]);
  });

  it("lists every problem of the file at once", () => {
    const problems = problemsOf(() =>
      CustomersFile.parse(
        {
          customers: [
            { name: "no key" },
            { key: "k", name: "K", enforceTwoFactor: "yes" },
            { key: "z", name: "Z", zones: [{ plan: "PARTNERS_PRO" }] },
            {
              key: "m",
              name: "M",
              members: [{ email: "a@m.example", roles: [7] }],
            },
            { key: "has space", name: "S" },
            "acme",
          ],
        },
        "customers.json",
      ),
    );
    expect(problems).toEqual([
      'customers.json: customers[0]: is missing its "key". Fix: add "key": "acme-ltd".',
      'customers.json: customers[1].enforceTwoFactor: must be true or false, but is string "yes".',
      'customers.json: customers[2].zones[0]: is missing its "name". Fix: add "name": "example.com".',
      "customers.json: customers[3].members[0].roles[0]: must be a role id string, but is number 7.",
      expect.stringContaining(
        'customers.json: customers[4].key: "has space" is not a valid customer key.',
      ),
      'customers.json: customers[5]: must be an object, but is string "acme".',
    ]);
  });

  it("throws if two customers share a key, pointing at both", () => {
    const [problem] = problemsOf(() =>
      CustomersFile.parse({ customers: [ACME, { ...ACME, zones: [] }] }),
    );
    expect(problem).toContain(
      'customers: customers[1].key: "acme" is already the key of customers[0].',
    );
  });

  it("throws if a zone name is used twice in the file, in any case", () => {
    const [problem] = problemsOf(() =>
      CustomersFile.parse({
        customers: [
          ACME,
          { key: "b", name: "B", zones: [{ name: "ACME.example." }] },
        ],
      }),
    );
    expect(problem).toContain(
      'customers[1].zones[0].name: "ACME.example." is already a zone of customers[0].zones[0]',
    );
  });

  it("throws if two add-ons of a customer would get the same id", () => {
    const [problem] = problemsOf(() =>
      CustomersFile.parse({
        customers: [
          {
            key: "a",
            name: "A",
            addons: [
              { ratePlan: "TEAMS_STANDARD" },
              { ratePlan: "TEAMS_STANDARD" },
            ],
          },
        ],
      }),
    );
    expect(problem).toContain(
      'customers[0].addons[1]: gives the add-on id "TEAMS_STANDARD", already used by customers[0].addons[0]',
    );
  });

  it("throws if the version is not 1", () => {
    const [problem] = problemsOf(() =>
      CustomersFile.parse({ version: 2, customers: [] }),
    );
    expect(problem).toContain("version: 2 is not a supported version");
  });
});
