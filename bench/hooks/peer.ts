// The peer: what an admin would write by hand after the Authgear docs'
// example: one IP geolocation call, country / city / time zone into custom
// attributes, the existing ones preserved. __BASE__ is replaced with the
// mock provider's URL by bench/run.mjs.
interface Event {
  context?: { ip_address?: string };
  payload?: { user?: { custom_attributes?: Record<string, unknown> } };
}

export default async function (e: Event): Promise<unknown> {
  const ip = e.context?.ip_address;
  const existing = e.payload?.user?.custom_attributes ?? {};
  if (!ip) return { is_allowed: true };
  try {
    const res = await fetch(`__BASE__/${ip}/json/`, { signal: AbortSignal.timeout(2000) });
    const geo = await res.json();
    if (!res.ok || geo.error) return { is_allowed: true };
    return {
      is_allowed: true,
      mutations: {
        user: {
          custom_attributes: {
            ...existing,
            country: geo.country_code,
            city: geo.city,
            timezone: geo.timezone,
          },
        },
      },
    };
  } catch {
    return { is_allowed: true };
  }
}
