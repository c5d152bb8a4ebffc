// Hands in responses the way a kiosk does: enrol with the demo's one-time code, read the bundle,
// and POST /api/v1/sync a batch whose answers follow the template's items. `init --demo` has
// already handed in the demo's own responses (server/services/demo_responses.cpp: every 360
// report has a group below its minimum, consultations have a few hundred responses); this adds a
// few community consultation responses from "Northallerton Library kiosk", so the overview lists
// a kiosk with a time it was last seen.
// Usable on its own against a running server: node seed.mjs URL ENROLMENT_CODE
import {randomUUID} from 'node:crypto';

// Deterministic "random" numbers so every run draws the same charts.
function hash(text) {
  let h = 2166136261;
  for (const c of text) h = Math.imul(h ^ c.codePointAt(0), 16777619);
  return (h >>> 0) / 4294967296;
}

function clamp(v, lo, hi) {
  return Math.max(lo, Math.min(hi, v));
}

function items(template) {
  const out = [];
  for (const section of template.sections || []) {
    for (const item of section.items || []) {
      out.push({...item, section: section.id, rater_groups: item.rater_groups || section.rater_groups});
    }
  }
  return out;
}

// Days before today, as the demo's own responses: the server rejects a response completed
// before the campaign opened (the demo opens community-2026 three weeks before today).
const day = (i) => new Date(Date.now() - (1 + (i % 9)) * 86400000).toISOString().slice(0, 10);

function record(campaign, rest) {
  const date = day(rest.index);
  delete rest.index;
  return {
    uuid: randomUUID(), campaign_id: campaign.id, template_id: campaign.template_id,
    template_version: campaign.template_version, rater_group: '', invitation_code: '',
    venue_id: '', language: 'en', started_at: `${date}T10:00:00Z`,
    completed_at: `${date}T10:12:00Z`, partial: false, ...rest,
  };
}

function consultationAnswers(template, n, venue) {
  const answers = {};
  for (const item of items(template)) {
    if (item.visible_if) continue;
    const r = hash(`${n}/${item.id}`);
    const northish = venue && venue.area === 'north';
    if (item.type === 'single_choice' && item.id === 'area' && venue) {
      const values = item.options.map((o) => o.value);
      answers[item.id] = values.includes(venue.area) ? venue.area : values[0];
    } else if (item.type === 'single_choice' && item.id === 'urban_rural' && venue) {
      const values = item.options.map((o) => o.value);
      answers[item.id] = values.includes(venue.settlement) ? venue.settlement : values[0];
    } else if (item.type === 'single_choice') {
      const options = item.options.map((o) => o.value);
      if (!item.required && r < 0.1) continue;
      answers[item.id] = options[Math.floor(Math.pow(r, northish ? 0.7 : 1.4) * options.length) % options.length];
    } else if (item.type === 'likert') {
      answers[item.id] = clamp(Math.round(1 + r * 4.4 + (northish ? 0.6 : 0)), 1, 5);
    } else if (item.type === 'yes_no') {
      answers[item.id] = r < (northish ? 0.75 : 0.45);
    } else if (item.type === 'rating') {
      answers[item.id] = Math.round(r * 10);
    }
  }
  return answers;
}

async function call(baseUrl, path, token, body) {
  const response = await fetch(`${baseUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {...(token ? {Authorization: `Bearer ${token}`} : {}),
              ...(body === undefined ? {} : {'Content-Type': 'application/json'})},
    body: body === undefined ? undefined : JSON.stringify(body)});
  const text = await response.text();
  if (!response.ok) throw new Error(`${path}: ${response.status} ${text}`);
  return JSON.parse(text);
}

export async function seed(baseUrl, enrolmentCode) {
  const device = await call(baseUrl, '/api/v1/devices/enrol', null,
                            {enrolment_code: enrolmentCode, name: 'Northallerton Library kiosk'});
  const bundle = await call(baseUrl, '/api/v1/kiosk/bundle', device.token);
  const template = (c) => bundle.templates.find((t) => t.id === c.template_id && t.version === c.template_version);
  const responses = [];

  const appraisal = bundle.campaigns.find((c) => c.kind === 'appraisal360');
  const selfAssessment = bundle.campaigns.find((c) => c.kind === 'self_assessment');
  const community = bundle.campaigns.find((c) => c.id === 'community-2026') ||
                    bundle.campaigns.find((c) => c.kind === 'consultation');
  const venue = bundle.venues[0];
  for (let n = 0; n < 6; ++n) {
    responses.push(record(community, {index: n, venue_id: venue.id,
                                      answers: consultationAnswers(template(community), 1000 + n, venue)}));
  }

  let accepted = 0;
  for (let i = 0; i < responses.length; i += 200) {
    const reply = await call(baseUrl, '/api/v1/sync', device.token,
                             {protocol_version: 1, device_id: device.device_id, responses: responses.slice(i, i + 200)});
    for (const result of reply.results) {
      if (result.status === 'accepted' || result.status === 'duplicate') ++accepted;
      else throw new Error(`a seeded response was refused: ${JSON.stringify(result)}`);
    }
  }
  return {accepted, appraisal: appraisal.id, community: community.id,
          selfAssessment: selfAssessment ? selfAssessment.id : ''};
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [baseUrl, code] = process.argv.slice(2);
  if (!baseUrl || !code) {
    console.error('usage: node seed.mjs URL ENROLMENT_CODE');
    process.exit(2);
  }
  seed(baseUrl, code).then((done) => console.log(`seeded ${done.accepted} responses`),
                                 (error) => { console.error(error.message); process.exit(1); });
}
