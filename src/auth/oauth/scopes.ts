/**
 * What an integration client may do, granted per client at registration and carried in its access token
 * (`scope`, space-separated, RFC 6749 §3.3). The FHIR scope uses the SMART v1 system-level form, so a
 * SMART backend-services client can ask for it by the name it expects.
 */
export enum Scope {
  FhirRead = 'system/*.read',
  WardEventsWrite = 'ward-events.write',
  EventsSubscribe = 'events.subscribe',
}

export const ALL_SCOPES = Object.values(Scope);

export const isScope = (value: string): value is Scope => (ALL_SCOPES as string[]).includes(value);
