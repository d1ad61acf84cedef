import type { AppConfig } from '../config';
import { createSecretBox, type SecretBox } from './secret-box';

const boxes = new WeakMap<AppConfig, SecretBox>();

/** The secret box of a configuration, made once per config object (the entries build one config per process). */
export function secretBoxOf(config: AppConfig): SecretBox {
  let box = boxes.get(config);
  if (!box) {
    box = createSecretBox({ current: config.encryptionKey, previous: config.previousEncryptionKeys });
    boxes.set(config, box);
  }
  return box;
}
