/** Model ids `GET /models` lists. Chat and embeddings accept any model name and echo it; this list is for discovery. */
export const MODEL_IDS = [
  'gpt-4o-mini',
  'gpt-4o',
  'gpt-4.1',
  'gpt-4.1-mini',
  'gpt-4.1-nano',
  'gpt-3.5-turbo',
  'o4-mini',
  'text-embedding-3-small',
  'text-embedding-3-large',
  'text-embedding-ada-002',
  'localhooks-offline',
] as const;

// A fixed date keeps the listing identical on every run (2024-01-01).
const MODELS_CREATED = 1_704_067_200;

export function modelObject(id: string): object {
  return { id, object: 'model', created: MODELS_CREATED, owned_by: 'localhooks' };
}

export function modelList(): object {
  return { object: 'list', data: MODEL_IDS.map(modelObject) };
}

export function isListedModel(id: string): boolean {
  return (MODEL_IDS as readonly string[]).includes(id);
}
