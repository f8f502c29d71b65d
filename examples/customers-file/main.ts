import { App } from "cdktf";
import { buildCustomersApp } from "./fleet";

// cdktf synth --app "npx ts-node --transpile-only examples/customers-file/main.ts"
// A problem in customers.json stops synthesis with one line per problem,
// e.g. `customers.json: customers[1].zones[0].plan: ...`.
const app = new App();
buildCustomersApp(app);
app.synth();
