/** Keys used to sign one request. `expiration` set means the keys are temporary (STS). */
export interface Credentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
  readonly expiration?: Date;
}

/**
 * Asked on every request (the client never caches keys itself), so a provider that refreshes
 * before expiry is all it takes to rotate STS keys. `undefined` means anonymous: the request is sent
 * unsigned.
 */
export interface CredentialsProvider {
  getCredentials(): Promise<Credentials | undefined>;
}
