// One Prometheus counter read from services' `/metrics` (at their `metricsUrl`, the operator port): the sum of its samples whose labels include `labels`.

export async function sumMetric(
  urls: readonly string[],
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  let total = 0;
  for (const url of urls) {
    const text = await (await fetch(`${url}/metrics`)).text();
    for (const line of text.split('\n')) {
      if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
      if (wanted.every((label) => line.includes(label))) total += Number(line.split(' ').at(-1));
    }
  }
  return total;
}
