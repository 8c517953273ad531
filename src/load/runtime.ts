// The admin endpoint's run-time outputs, read beside a proxy's dump: what the configuration cannot say. /clusters
// (envoy.admin.v3.Clusters) gives each endpoint's health as Envoy sees it now (outlier ejection, active health
// checks, the EDS status), /certs (envoy.admin.v3.Certificates) the certificates in use and their validity,
// /server_info (envoy.admin.v3.ServerInfo) whether the server is LIVE and which Envoy it is. Every value keeps where
// it is, like the resources of a dump.
import type { InputDocument, RuntimeKind } from './classify.js';
import { readClustersText } from './clusters-text.js';
import { childPointer, isList, isObject, listItem, type JsonObject } from './reader.js';

export interface RuntimeOrigin {
  input: number;
  pointer: string;
  /** For the text form of /clusters: the line (pointer is then ''). */
  line?: number;
  column?: number;
}

/** Why a host does not take traffic, in HostHealthStatus's words; empty when it is healthy. */
export interface HostStatus {
  address: string;
  /** failed_outlier_check, failed_active_health_check, eds_health_status UNHEALTHY/DRAINING/TIMEOUT, pending_dynamic_removal, ... */
  out: string[];
  /** degraded (takes traffic only when nothing healthy is left): failed_active_degraded_check, eds DEGRADED. */
  degraded: boolean;
  origin: RuntimeOrigin;
}

export interface ClusterStatus {
  name: string;
  hosts: HostStatus[];
  origin: RuntimeOrigin;
}

export interface CertificateStatus {
  /** 'ca' for a validation context's CA, 'chain' for a served certificate. */
  role: 'ca' | 'chain';
  path?: string;
  /** For a certificate read from the dump's own SDS secrets instead of /certs: the secret's name. */
  secret?: string;
  serialNumber?: string;
  subjectAltNames: string[];
  validFrom?: string;
  expirationTime?: string;
  daysUntilExpiration?: number;
  origin: RuntimeOrigin;
}

export interface ServerStatus {
  version?: string;
  /** LIVE, DRAINING, PRE_INITIALIZING, INITIALIZING. */
  state?: string;
  uptime?: string;
  origin: RuntimeOrigin;
  stateOrigin: RuntimeOrigin;
}

/** What the run-time inputs of one proxy say; a part is absent when its output was not given. */
export interface RuntimeState {
  clusters?: ClusterStatus[];
  certificates?: CertificateStatus[];
  server?: ServerStatus;
  /** The inputs they came from, by kind (for "not checked" notes and messages). */
  files: Partial<Record<RuntimeKind, number>>;
}

const OUT_FLAGS = ['failed_outlier_check', 'failed_active_health_check', 'pending_dynamic_removal', 'pending_active_hc', 'excluded_via_immediate_hc_fail', 'active_hc_timeout'] as const;
const EDS_OUT = new Set(['UNHEALTHY', 'DRAINING', 'TIMEOUT']);

function str(o: JsonObject, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

function socketAddress(value: unknown): string {
  if (!isObject(value)) return '?';
  const socket = value.socket_address;
  if (isObject(socket)) return `${str(socket, 'address') ?? '?'}:${str(socket, 'port_value') ?? '?'}`;
  const pipe = value.pipe;
  if (isObject(pipe)) return str(pipe, 'path') ?? '?';
  const internal = value.envoy_internal_address;
  if (isObject(internal)) return `internal:${str(internal, 'server_listener_name') ?? '?'}`;
  return '?';
}

function forEach(list: unknown, pointer: string, visit: (item: JsonObject, pointer: string) => void): void {
  if (!isList(list)) return;
  for (let i = 0; i < list.length; i++) {
    const item = listItem(list, i);
    if (isObject(item)) visit(item, childPointer(pointer, i));
  }
}

function readClusters(data: JsonObject, input: number, pointer: string): ClusterStatus[] {
  const out: ClusterStatus[] = [];
  forEach(data.cluster_statuses, childPointer(pointer, 'cluster_statuses'), (c, at) => {
    const hosts: HostStatus[] = [];
    forEach(c.host_statuses, childPointer(at, 'host_statuses'), (h, hostAt) => {
      const health = isObject(h.health_status) ? h.health_status : {};
      const reasons: string[] = OUT_FLAGS.filter((flag) => health[flag] === true);
      const eds = str(health, 'eds_health_status');
      if (eds !== undefined && EDS_OUT.has(eds)) reasons.push(`eds_health_status ${eds}`);
      const degraded = health.failed_active_degraded_check === true || eds === 'DEGRADED';
      hosts.push({ address: socketAddress(h.address), out: reasons, degraded, origin: { input, pointer: hostAt } });
    });
    const name = str(c, 'name');
    if (name !== undefined) out.push({ name, hosts, origin: { input, pointer: childPointer(at, 'name') } });
  });
  return out;
}

function readCertificates(data: JsonObject, input: number, pointer: string): CertificateStatus[] {
  const out: CertificateStatus[] = [];
  forEach(data.certificates, childPointer(pointer, 'certificates'), (entry, at) => {
    for (const [key, role] of [['ca_cert', 'ca'], ['cert_chain', 'chain']] as const) {
      forEach(entry[key], childPointer(at, key), (cert, certAt) => {
        const sans: string[] = [];
        forEach(cert.subject_alt_names, childPointer(certAt, 'subject_alt_names'), (san) => {
          const value = str(san, 'uri') ?? str(san, 'dns') ?? str(san, 'ip_address');
          if (value !== undefined) sans.push(value);
        });
        const days = str(cert, 'days_until_expiration');
        const expiration = str(cert, 'expiration_time');
        const path = str(cert, 'path');
        const serial = str(cert, 'serial_number');
        const validFrom = str(cert, 'valid_from');
        out.push({
          role,
          ...(path !== undefined ? { path } : {}),
          ...(serial !== undefined ? { serialNumber: serial } : {}),
          subjectAltNames: sans,
          ...(validFrom !== undefined ? { validFrom } : {}),
          ...(expiration !== undefined ? { expirationTime: expiration } : {}),
          ...(days !== undefined && /^-?\d+$/.test(days) ? { daysUntilExpiration: Number(days) } : {}),
          origin: { input, pointer: expiration !== undefined ? childPointer(certAt, 'expiration_time') : certAt },
        });
      });
    }
  });
  return out;
}

function readServer(data: JsonObject, input: number, pointer: string): ServerStatus {
  const version = str(data, 'version');
  const state = str(data, 'state');
  const uptime = str(data, 'uptime_current_epoch');
  return {
    ...(version !== undefined ? { version } : {}),
    ...(state !== undefined ? { state } : {}),
    ...(uptime !== undefined ? { uptime } : {}),
    origin: { input, pointer },
    stateOrigin: { input, pointer: childPointer(pointer, 'state') },
  };
}

/** `d362e7…/1.22.0/Clean/RELEASE/BoringSSL` (server_info's version) → `1.22.0`. */
export function envoyVersionOf(version: string | undefined): string | undefined {
  return version?.split('/').find((part) => /^\d+\.\d+\.\d+/.test(part)) ?? version;
}

/** Adds /clusters in its text form (clusters-text.ts), input `input`, to `state`. */
export function addClustersText(state: RuntimeState, text: string, input: number): void {
  state.files.clusters = input;
  state.clusters = [...(state.clusters ?? []), ...readClustersText(text, input)];
}

/** Adds one run-time document of input `input` to `state`. */
export function addRuntimeDocument(state: RuntimeState, document: InputDocument & { kind: RuntimeKind }, input: number): void {
  const { data, pointer } = document;
  if (!isObject(data)) return;
  state.files[document.kind] = input;
  if (document.kind === 'clusters') state.clusters = [...(state.clusters ?? []), ...readClusters(data, input, pointer)];
  else if (document.kind === 'certs') state.certificates = [...(state.certificates ?? []), ...readCertificates(data, input, pointer)];
  else state.server = readServer(data, input, pointer);
}
