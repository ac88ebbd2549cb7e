import { z } from 'zod';

export const isoDateTime = z.iso.datetime({ offset: true });

export const connectionId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 characters of [A-Za-z0-9_-]');

export const personUrn = z.string().regex(/^urn:li:person:[A-Za-z0-9_-]+$/, 'must be urn:li:person:{id}');
export const organizationUrn = z
  .string()
  .regex(/^urn:li:organization:\d+$/, 'must be urn:li:organization:{id}');
export const authorUrn = z.union([personUrn, organizationUrn], {
  error: 'must be urn:li:person:{id} or urn:li:organization:{id}',
});

/** `v1.<keyId>.<iv>.<ciphertext>.<tag>` in base64url: the only form a token may take outside a process. */
export const sealedValue = z
  .string()
  .regex(
    /^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/,
    'must be a sealed value',
  );

/** Every event carries its own id; it is also the `Nats-Msg-Id` it is published with. */
export const eventId = z.string().min(1).max(200);

export const member = z.object({
  sub: z.string().min(1),
  name: z.string(),
  email: z.string().optional(),
  picture: z.string().optional(),
});
export type Member = z.infer<typeof member>;

export const organizationRole = z.string().min(1);
export const organization = z.object({ urn: organizationUrn, name: z.string(), role: organizationRole });
export type Organization = z.infer<typeof organization>;

export const connectionStatus = z.enum(['active', 'expiring', 'expired', 'reauth_required', 'revoked']);
export type ConnectionStatus = z.infer<typeof connectionStatus>;
