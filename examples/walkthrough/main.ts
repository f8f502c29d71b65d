/**
 * Synthesizes the walk-through:
 *
 *   WALKTHROUGH_API_KEY_FILE=~/.config/cloudflare/acme.key \
 *     npx ts-node --transpile-only examples/walkthrough/main.ts
 *
 * then `terraform init && terraform apply` in cdktf.out/stacks/walkthrough
 * with CLOUDFLARE_API_TOKEN (or CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY)
 * exported, and `node` on the PATH. The key file's folder must exist
 * (`mkdir -m 700 -p ~/.config/cloudflare`); the service user's API key is
 * written there with mode 0600, and nowhere else.
 */
import { App } from "cdktf";
import { WalkthroughStack } from "./stack";

const app = new App();
new WalkthroughStack(app, "walkthrough", {
  apiKeyFile:
    process.env.WALKTHROUGH_API_KEY_FILE ??
    "~/.config/cloudflare/acme-widgets-service-user.key",
});
app.synth();
