/**
 * go-plugin's AutoMTLS, plugin side: the host passes its own certificate in
 * PLUGIN_CLIENT_CERT; the plugin makes a one-off key pair and self-signed
 * certificate for "localhost", serves TLS that requires the host's
 * certificate, and announces its certificate (DER, base64 without padding)
 * as the handshake line's sixth field.
 *
 * Node cannot issue X.509 certificates by itself, so the certificate is
 * written here in DER by hand (ECDSA P-256 with SHA-256).
 */
import { generateKeyPairSync, randomBytes, sign } from "node:crypto";

function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let x = n; x > 0; x >>= 8) bytes.unshift(x & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), len(body.length), body]);
}

const seq = (...c: Buffer[]) => tlv(0x30, ...c);
const set = (...c: Buffer[]) => tlv(0x31, ...c);
const bool = (v: boolean) => tlv(0x01, Buffer.from([v ? 0xff : 0]));
const octets = (b: Buffer) => tlv(0x04, b);
const utf8 = (s: string) => tlv(0x0c, Buffer.from(s, "utf8"));

function integer(b: Buffer): Buffer {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  const trimmed = b.subarray(i);
  return tlv(
    0x02,
    trimmed[0] & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed,
  );
}

function oid(dotted: string): Buffer {
  const parts = dotted.split(".").map(Number);
  const out = [40 * parts[0] + parts[1]];
  for (const p of parts.slice(2)) {
    const groups: number[] = [];
    let x = p;
    do {
      groups.unshift(x & 0x7f);
      x = Math.floor(x / 128);
    } while (x > 0);
    for (let i = 0; i < groups.length - 1; i++) groups[i] |= 0x80;
    out.push(...groups);
  }
  return tlv(0x06, Buffer.from(out));
}

function utcTime(d: Date): Buffer {
  const p = (n: number) => String(n).padStart(2, "0");
  const s =
    p(d.getUTCFullYear() % 100) +
    p(d.getUTCMonth() + 1) +
    p(d.getUTCDate()) +
    p(d.getUTCHours()) +
    p(d.getUTCMinutes()) +
    p(d.getUTCSeconds()) +
    "Z";
  return tlv(0x17, Buffer.from(s, "ascii"));
}

const ECDSA_SHA256 = "1.2.840.10045.4.3.2";

export interface PluginCertificate {
  certPem: string;
  keyPem: string;
  /** DER, base64 without padding: the handshake's sixth field */
  handshakeField: string;
}

export function makePluginCertificate(now = new Date()): PluginCertificate {
  const { publicKey, privateKey } = generateKeyPairSync("ec", {
    namedCurve: "prime256v1",
  });
  const spki = publicKey.export({ type: "spki", format: "der" });
  const name = seq(
    set(seq(oid("2.5.4.10"), utf8("HashiCorp"))),
    set(seq(oid("2.5.4.3"), utf8("localhost"))),
  );
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  const notBefore = new Date(now.getTime() - 30_000);
  const notAfter = new Date(now.getTime() + 30 * 24 * 3600_000);
  // digitalSignature, keyEncipherment, keyAgreement, keyCertSign
  const keyUsage = tlv(0x03, Buffer.from([0x02, 0xac]));
  const extensions = seq(
    seq(oid("2.5.29.19"), bool(true), octets(seq(bool(true)))),
    seq(oid("2.5.29.15"), bool(true), octets(keyUsage)),
    seq(
      oid("2.5.29.37"),
      octets(seq(oid("1.3.6.1.5.5.7.3.1"), oid("1.3.6.1.5.5.7.3.2"))),
    ),
    seq(
      oid("2.5.29.17"),
      octets(
        seq(
          tlv(0x82, Buffer.from("localhost", "ascii")),
          tlv(0x87, Buffer.from([127, 0, 0, 1])),
        ),
      ),
    ),
  );
  const tbs = seq(
    tlv(0xa0, integer(Buffer.from([2]))),
    integer(serial),
    seq(oid(ECDSA_SHA256)),
    name,
    seq(utcTime(notBefore), utcTime(notAfter)),
    name,
    spki,
    tlv(0xa3, extensions),
  );
  const signature = sign("sha256", tbs, privateKey);
  const der = seq(
    tbs,
    seq(oid(ECDSA_SHA256)),
    tlv(0x03, Buffer.concat([Buffer.from([0]), signature])),
  );
  const b64 = der.toString("base64");
  const lines = b64.match(/.{1,64}/g) ?? [];
  return {
    certPem: `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`,
    keyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    handshakeField: b64.replace(/=+$/, ""),
  };
}
