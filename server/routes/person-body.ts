import { z } from 'zod';
import { toStorable } from '../storable';
import { traitsObject } from './fields';

/**
 * The customer an answer or a survey link is for, as the caller's own system knows them: `id` is the
 * caller's id for the person (stored as the external id), traits are flat values rules and filters can test.
 */
export const personBody = z
  .object({
    id: z.string().trim().min(1).max(255).optional(),
    email: z.email().max(320).optional(),
    name: z.string().trim().max(200).transform(toStorable).optional(),
    locale: z.string().max(35).optional(),
    traits: traitsObject.optional(),
    /** Hex HMAC-SHA256 of `id` under the project's identity secret: lets a publishable-key call change a stored person. */
    signature: z.string().regex(/^[0-9a-f]{64}$/i).optional(),
  })
  .strict();
