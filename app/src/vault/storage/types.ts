/**
 * The vault's storage: documents keyed by (owner, SHA-256) with their bytes stored once underneath, sessions, single-use
 * nonces, the log of restricted reads, and each owner's secret. Two backends behave the same (one conformance suite runs
 * against both): SQLite + files on disk (the embedded default) and PostgreSQL (DATABASE_URL).
 *
 * The store enforces the invariants of storage (atomic writes, dedupe, quotas, single use, expiry) and checks the shape of
 * every value it is given ("invalid_input"); who may do what is decided by the caller. Addresses are lowercase `0x` hex,
 * hashes lowercase hex without `0x`. Expiry is judged by the store's clock: the process's for SQLite (one process owns
 * the data), the database server's for PostgreSQL (the one clock all instances share).
 */

export type Address = `0x${string}`;
export type Bytes32 = `0x${string}`;

/** Public documents are served to anyone; restricted ones only to holders of a live grant for their scope. */
export type Visibility = "public" | "restricted";

export interface DocumentMeta {
  owner: Address;
  /** SHA-256 of the bytes: 64 lowercase hex digits, no `0x`. */
  sha256: string;
  size: number;
  contentType: string;
  visibility: Visibility;
  /** The access scope (bytes32) of a restricted document; null for a public one. */
  scope: Bytes32 | null;
  createdAt: Date;
}

export interface NewDocument {
  owner: Address;
  sha256: string;
  contentType: string;
  visibility: Visibility;
  scope: Bytes32 | null;
  bytes: Uint8Array;
}

export interface UploadLimits {
  /** The most bytes all of an owner's documents may take together (each document counts whole, shared or not). */
  quotaBytes: number;
}

export interface PageRequest {
  /** The `next` of the previous page; absent for the first page. */
  after?: string;
  /** 1 to {@link MAX_PAGE_LIMIT}. */
  limit: number;
  /** Only the restricted documents of this scope (listing documents only). */
  scope?: Bytes32;
}

export const MAX_PAGE_LIMIT = 1000;

export interface Session {
  /** Lowercase hex SHA-256 of the session's secret token: the store never sees the token itself. */
  idHash: string;
  address: Address;
  /** The vault origin the session is bound to. */
  audience: string;
  kind: "cookie" | "bearer";
  expiresAt: Date;
}

export interface ReadRecord {
  owner: Address;
  sha256: string;
  reader: Address;
  /** How access was granted: "owner", "operator", "grant:0x<grant id>", "blinded:0x<commitment>", ... */
  grant: string;
  at: Date;
}

export type AccessLogEntry = ReadRecord;

export interface VaultStore {
  /**
   * Stores a document, atomically: afterwards it is there whole, or (on an error or a crash) not at all. The store
   * checks that the bytes hash to `sha256` ("hash_mismatch") since the blob is shared by every owner of those bytes.
   * Idempotent for the same (owner, sha256) with the same content type, visibility and scope: `created` is false and
   * the stored meta comes back; with any of them different, "conflict". A new document that would take the owner past
   * `quotaBytes` is refused with "quota_exceeded".
   */
  putDocument(doc: NewDocument, limits: UploadLimits): Promise<{ meta: DocumentMeta; created: boolean }>;

  /** The document and its bytes, or null. Bytes are checked against the stored size, not re-hashed. */
  getDocument(owner: Address, sha256: string): Promise<{ meta: DocumentMeta; bytes: Uint8Array } | null>;

  getMeta(owner: Address, sha256: string): Promise<DocumentMeta | null>;

  /** The owner's documents, newest first. */
  listDocuments(owner: Address, page: PageRequest): Promise<{ documents: DocumentMeta[]; next: string | null }>;

  /** Deletes the document (whatever its visibility: the caller decides what may be deleted); false if there was none. */
  deleteDocument(owner: Address, sha256: string): Promise<boolean>;

  usage(owner: Address): Promise<{ documents: number; bytes: number }>;

  /**
   * Every owner with restricted documents, and the distinct scopes of those documents (ordered by owner, then scope):
   * where a grantee's blinded grants can be, since only they can be read through one.
   */
  restrictedScopes(): Promise<{ owner: Address; scopes: Bytes32[] }[]>;

  /**
   * Marks a nonce used: true only the first time, across concurrent callers (and processes sharing the database).
   * `expiresAt` is the nonce's own expiry (not a fresh one): an expired nonce is refused, and used nonces are
   * forgotten once they expire, which is safe exactly because they are refused after that.
   */
  consumeNonce(nonce: string, expiresAt: Date): Promise<boolean>;

  /** Stores a new session ("conflict" if its id hash exists). Expired sessions are pruned on the way. */
  createSession(session: Session): Promise<void>;

  /** The session, or null when unknown or expired. */
  getSession(idHash: string): Promise<Session | null>;

  deleteSession(idHash: string): Promise<void>;

  recordRead(entry: ReadRecord): Promise<void>;

  /** The reads of the owner's documents, newest first. */
  accessLog(owner: Address, page: PageRequest): Promise<{ entries: AccessLogEntry[]; next: string | null }>;

  /** 32 random bytes created on first use and kept for good (blinded-grant salts derive from them). */
  ownerSecret(owner: Address): Promise<Uint8Array>;

  /**
   * Brings an owner's existing secret into this vault (a company moving vaults, or a demo seeded before its vault ran):
   * true when stored or already the same; false, changing nothing, when the owner already has another secret.
   */
  importOwnerSecret(owner: Address, secret: Uint8Array): Promise<boolean>;

  close(): Promise<void>;
}

export type VaultStoreErrorCode =
  /** A value of the wrong shape (address, hash, scope, page, ...); the message names it. */
  | "invalid_input"
  /** The bytes do not hash to the given SHA-256. */
  | "hash_mismatch"
  /** The document exists with another content type, visibility or scope; or a session id exists. */
  | "conflict"
  | "quota_exceeded"
  /** Another process holds the SQLite data directory. */
  | "locked"
  /** The database was written by a newer version of the vault. */
  | "incompatible"
  /** Stored bytes are missing or of the wrong size: the data directory was changed behind the store's back. */
  | "corrupt";

export class VaultStoreError extends Error {
  readonly code: VaultStoreErrorCode;

  constructor(code: VaultStoreErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "VaultStoreError";
    this.code = code;
  }
}
