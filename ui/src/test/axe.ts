import axe from 'axe-core';

/** axe-core's serious and critical findings under `root`, as readable lines (none are allowed on any screen). */
export async function seriousViolations(root: Element = document.body): Promise<string[]> {
  const result = await axe.run(root, { resultTypes: ['violations'] });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`);
}
