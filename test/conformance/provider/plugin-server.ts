/**
 * The go-plugin side both offline stand-ins share (the Cloudflare provider
 * in ./main.ts and hashicorp/external in ../external/main.ts): the magic
 * cookie and protocol checks, the protocol files, the plugin services
 * beside tfplugin6.Provider (health, controller, stdio, broker), AutoMTLS,
 * the handshake line on stdout and shutdown.
 */
import { join, resolve } from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { makePluginCertificate } from "./tls";

const MAGIC_COOKIE_KEY = "TF_PLUGIN_MAGIC_COOKIE";
const MAGIC_COOKIE_VALUE =
  "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
const CORE_PROTOCOL_VERSION = 1;
const APP_PROTOCOL_VERSION = 6;

/** A unary RPC handler as the stand-ins write them. */
export type Unary = (
  call: grpc.ServerUnaryCall<Record<string, unknown>, unknown>,
  cb: grpc.sendUnaryData<unknown>,
) => void;

export interface PluginProtos {
  tfplugin6: { Provider: grpc.ServiceClientConstructor };
  plugin: {
    GRPCController: grpc.ServiceClientConstructor;
    GRPCStdio: grpc.ServiceClientConstructor;
    GRPCBroker: grpc.ServiceClientConstructor;
  };
  grpc: { health: { v1: { Health: grpc.ServiceClientConstructor } } };
}

/** Loads tfplugin6, go-plugin's own services and gRPC health. */
export function loadProtos(): PluginProtos {
  const dir =
    process.env.CF_STANDIN_PROTO_DIR ?? resolve(__dirname, "../proto");
  const def = protoLoader.loadSync(
    ["tfplugin6.proto", "plugin.proto", "health.proto"].map((f) =>
      join(dir, f),
    ),
    {
      keepCase: true,
      longs: Number,
      enums: String,
      defaults: true,
      oneofs: true,
      bytes: Buffer,
    },
  );
  return grpc.loadPackageDefinition(def) as unknown as PluginProtos;
}

/** Exits unless started by a go-plugin host offering protocol 6. */
export function requirePluginHost(): void {
  if (process.env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
    process.stderr.write(
      "This binary is a plugin. These are not meant to be executed directly.\n" +
        "Please execute the program that consumes these plugins, which will\n" +
        "load any plugins automatically\n",
    );
    process.exit(1);
  }
  const offered = (process.env.PLUGIN_PROTOCOL_VERSIONS ?? "6").split(",");
  if (!offered.includes(String(APP_PROTOCOL_VERSION))) {
    process.stderr.write(
      `plugin protocol ${APP_PROTOCOL_VERSION} not among the offered ${offered.join(",")}\n`,
    );
    process.exit(1);
  }
}

export interface ServePluginOptions {
  /** The tfplugin6.Provider implementation. */
  provider: grpc.UntypedServiceImplementation;
  serverOptions?: grpc.ServerOptions;
  /**
   * Serve TLS when the host asks for it (PLUGIN_CLIENT_CERT); without it
   * such a host is refused.
   */
  autoMtls: boolean;
  /**
   * Shutdown lets in-flight answers reach the host (up to 500 ms) instead
   * of cutting the connections at once.
   */
  graceful: boolean;
  /** Called when the host sends GRPCController.Shutdown. */
  onShutdownRequest?: () => void;
  /** Called once listening, before the handshake line is written. */
  onListening?: (port: number, tls: boolean) => void;
}

/**
 * Serves `provider` with go-plugin's services on a loopback TCP port and
 * announces it on stdout; exits on Shutdown or SIGTERM, ignores SIGINT
 * (Terraform forwards Ctrl-C itself, as StopProvider).
 */
export function servePlugin(opts: ServePluginOptions): void {
  const clientCert = process.env.PLUGIN_CLIENT_CERT;
  if (clientCert && !opts.autoMtls) {
    process.stderr.write(
      "AutoMTLS is not implemented by this stand-in: run terraform with TF_DISABLE_PLUGIN_TLS=1\n",
    );
    process.exit(1);
  }
  const protos = loadProtos();
  const server = new grpc.Server(opts.serverOptions);
  server.addService(protos.tfplugin6.Provider.service, opts.provider);

  const openStreams: { end(): void }[] = [];
  const shutdown = () => {
    for (const s of openStreams) s.end();
    if (!opts.graceful) {
      server.forceShutdown();
      setTimeout(() => process.exit(0), 10).unref();
      return;
    }
    // Let in-flight answers (Shutdown's own) reach the host, then go.
    server.tryShutdown(() => process.exit(0));
    setTimeout(() => {
      server.forceShutdown();
      process.exit(0);
    }, 500).unref();
  };
  server.addService(protos.grpc.health.v1.Health.service, {
    Check: (_call: unknown, cb: grpc.sendUnaryData<unknown>) =>
      cb(null, { status: "SERVING" }),
    Watch: (call: grpc.ServerWritableStream<unknown, unknown>) =>
      call.write({ status: "SERVING" }),
  });
  server.addService(protos.plugin.GRPCController.service, {
    Shutdown: (_call: unknown, cb: grpc.sendUnaryData<unknown>) => {
      opts.onShutdownRequest?.();
      cb(null, {});
      if (opts.graceful) setTimeout(shutdown, 20);
      else setImmediate(shutdown);
    },
  });
  server.addService(protos.plugin.GRPCStdio.service, {
    // The stand-ins write nothing to stdout/stderr after the handshake; the
    // stream stays open so that go-plugin sees a plugin that supports it.
    StreamStdio: (call: grpc.ServerWritableStream<unknown, unknown>) => {
      openStreams.push(call);
    },
  });
  server.addService(protos.plugin.GRPCBroker.service, {
    StartStream: (call: grpc.ServerDuplexStream<unknown, unknown>) => {
      openStreams.push(call);
      call.on("data", () => undefined);
      call.on("end", () => call.end());
      call.on("error", () => undefined);
    },
  });
  const tls = clientCert ? makePluginCertificate() : undefined;
  const credentials = tls
    ? grpc.ServerCredentials.createSsl(
        Buffer.from(clientCert!),
        [
          {
            private_key: Buffer.from(tls.keyPem),
            cert_chain: Buffer.from(tls.certPem),
          },
        ],
        true,
      )
    : grpc.ServerCredentials.createInsecure();
  server.bindAsync("127.0.0.1:0", credentials, (err, port) => {
    if (err) {
      process.stderr.write(`cannot listen: ${err.message}\n`);
      process.exit(1);
    }
    opts.onListening?.(port, tls !== undefined);
    const fields = [
      CORE_PROTOCOL_VERSION,
      APP_PROTOCOL_VERSION,
      "tcp",
      `127.0.0.1:${port}`,
      "grpc",
      ...(tls ? [tls.handshakeField] : []),
    ];
    process.stdout.write(`${fields.join("|")}\n`);
  });
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", () => undefined);
}
