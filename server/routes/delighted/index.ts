// The Delighted-compatible API, /delighted/v1: the routes Delighted's official clients call, over Kizuna's
// own services, so code written for Delighted keeps working with only its host changed (docs/moving-from-delighted.md).
import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { ApiError } from '../../errors';
import { requireDelightedKey } from './auth';
import { delightedError } from './http';
import { delightedMetricsRoutes } from './metrics';
import { delightedPeopleRoutes } from './people';
import { delightedResponseRoutes } from './survey-responses';
import { delightedUnsubscribeRoutes } from './unsubscribes';

export const delightedRoutes = new Hono<AppEnv>()
  .use(requireDelightedKey)
  .route('/', delightedPeopleRoutes)
  .route('/', delightedResponseRoutes)
  .route('/', delightedMetricsRoutes)
  .route('/', delightedUnsubscribeRoutes)
  .all('*', () => {
    throw new ApiError('not_found', 'Not found.');
  });
delightedRoutes.onError(delightedError);
