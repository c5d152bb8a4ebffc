// Coaching and mentoring matches (admin, hr: it names people): per competency, managers strong
// in it paired with managers developing it, from each manager's own suppressed 360.
import {enc, get} from '../api.js';
import {h, notice, section, table} from '../dom.js';
import {numberText} from '../format.js';

export const name = 'coaching';

const person = (p) => `${p.display_name} (others ${numberText(p.others_mean)})`;

export async function render(ctx) {
  const [campaign] = ctx.params;
  const d = await get(`/api/v1/reports/campaigns/${enc(campaign)}/coaching`);
  const out = [h('h1', {}, `${d.campaign.title}: coaching and mentoring`),
               h('p', {class: 'lede'}, `${d.managers_with_responses} managers with responses from others.`),
               h('p', {class: 'hint'}, d.rule)];
  if (!d.matches.length) {
    out.push(notice('info', 'No competency has both a manager strong in it and one developing it yet.'));
    return out;
  }
  for (const m of d.matches) {
    out.push(section(m.title,
      m.pairs.length
        ? table(`Suggested pairs for ${m.title}`, ['Mentor', 'Learner'],
                m.pairs.map((p) => [person(p.mentor), person(p.learner)]))
        : notice('info', 'No pair can be made.'),
      h('p', {}, h('strong', {}, 'Strong: '), m.mentors.map(person).join('; ') || 'none'),
      h('p', {}, h('strong', {}, 'Developing: '), m.learners.map(person).join('; ') || 'none')));
  }
  return out;
}
