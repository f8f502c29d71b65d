import { App } from "cdktf";
import { PartnerStack } from "./stack";

const app = new App();
new PartnerStack(app, "partner");
app.synth();
