import type { PersonInput } from '../people/upsert';
import type { ProjectCtx } from '../context';
import { personSignatureValid } from '../projects/identity-secret';
import type { SubmitResponseInput } from './submit';

/**
 * Who vouches for the person named with an answer: 'trusted' callers (the secret key, a signed survey link
 * minted with it) may change what is stored about a person; 'untrusted' ones (the publishable key, which
 * every visitor of the customer's site can read) only with a valid `person.signature`.
 */
export type PersonTrust = 'trusted' | 'untrusted';

/** What an unverified call claimed about the person, kept on the answer as `properties.unverifiedPerson`. */
export type UnverifiedPerson = Pick<PersonInput, 'email' | 'name' | 'locale' | 'traits'>;

/**
 * The answer as it may be stored, decided before either ingest path runs so both store the same rows.
 * Without trust or a valid signature the person is named by their identifier alone: an existing person
 * keeps their email, name, locale and traits, and a new one is created with the id only. Setting an email on
 * a new person is refused too: whoever could do it would pre-create `user-B` with their own address before
 * the real user-B ever answers, and replies to user-B would go to them. A person named by email alone
 * (no id, so nothing to sign) is found or created by that email, and nothing else about them changes.
 * The claimed values stay with the answer as its own property, where they claim nothing about the person.
 */
export async function withPersonTrust(ctx: ProjectCtx, input: SubmitResponseInput): Promise<SubmitResponseInput> {
  if (!input.person) return input;
  const { signature, ...claimed } = input.person;
  const proven =
    input.personTrust === 'trusted' ||
    (signature !== undefined && claimed.id !== undefined && (await personSignatureValid(ctx, claimed.id, signature)));
  return proven ? { ...input, person: claimed } : asUnverified(input, claimed);
}

/** The answer with its person reduced to an identifier and the rest of the claim moved to its properties. */
export function asUnverified(input: SubmitResponseInput, claimed: PersonInput): SubmitResponseInput {
  const { id, email, name, locale, traits } = claimed;
  const person: PersonInput | undefined = id !== undefined ? { id } : email !== undefined ? { email } : undefined;
  const unverified: UnverifiedPerson = {};
  if (email !== undefined && id !== undefined) unverified.email = email;
  if (name !== undefined) unverified.name = name;
  if (locale !== undefined) unverified.locale = locale;
  if (traits !== undefined && Object.keys(traits).length > 0) unverified.traits = traits;
  const kept = Object.keys(unverified).length > 0;
  return {
    ...input,
    person,
    // The person's language still says which language the answer is in, as it does for a trusted caller.
    locale: input.locale ?? locale,
    // Each value was bounded by the person schema; the key replaces one the caller may have sent itself.
    properties: kept ? { ...input.properties, unverifiedPerson: unverified } : input.properties,
  };
}
