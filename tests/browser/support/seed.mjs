// Hands in responses the way a kiosk does: enrol with the demo's one-time code, read the bundle,
// and POST /api/v1/sync batches whose answers follow each template's items. The demo 360's
// first subject has two peers answering (below the peers' minimum of 3, so the report shows
// "fewer than 3"); every second subject has two staff answering (below the staff minimum).
// The community consultation gets 3 responses at one venue (below its minimum of 5).
// Usable on its own against a running server: node seed.mjs URL DATA_DIR ENROLMENT_CODE
import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
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

const day = (i) => `2026-11-${String(18 + (i % 9)).padStart(2, '0')}`;

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

// A 360 answer: others rate "line of sight" low and "communication" high; the subject rates
// themself the other way round, so the report has blind spots and hidden strengths.
function appraisalAnswers(template, subject, group, n) {
  const answers = {};
  for (const item of items(template)) {
    if (item.visible_if || (item.rater_groups && !item.rater_groups.includes(group))) continue;
    const key = `${subject}/${group}/${n}/${item.id}`;
    if (item.type === 'likert') {
      let base = 3 + (hash(`${subject}/${item.section}`) - 0.5) * 1.6;
      if (item.section === 'line_of_sight') base = group === 'self' ? 5 : 2;
      if (item.section === 'communication') base = group === 'self' ? 2 : 4.3;
      const v = clamp(Math.round(base + (hash(key) - 0.5) * 2), 1, 5);
      const points = ((template.scales || []).find((x) => x.id === item.scale)?.points || [])
        .map((p) => p.value).filter((x) => typeof x === 'number').sort((x, y) => x - y);
      answers[item.id] = points.length ? points[Math.round(((v - 1) / 4) * (points.length - 1))] : v;
    } else if (item.type === 'single_choice' && item.required) {
      answers[item.id] = item.options[Math.floor(hash(key) * item.options.length)].value;
    } else if (item.type === 'long_text' && item.comment && hash(key) < 0.25) {
      answers[item.id] = item.id.endsWith('_strengths')
        ? ['Clear about what matters.', 'Listens before deciding.', 'Calm under pressure.'][Math.floor(hash(`${key}c`) * 3)]
        : ['Could delegate more.', 'More time with the team, please.', 'Share plans earlier.'][Math.floor(hash(`${key}c`) * 3)];
    }
  }
  return answers;
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

function parseCsv(text) {
  const [head, ...lines] = text.trim().split(/\r?\n/);
  const names = head.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i], v])));
}

export async function seed(baseUrl, data, enrolmentCode) {
  const device = await call(baseUrl, '/api/v1/devices/enrol', null,
                            {enrolment_code: enrolmentCode, name: 'Northallerton Library kiosk'});
  const bundle = await call(baseUrl, '/api/v1/kiosk/bundle', device.token);
  const template = (c) => bundle.templates.find((t) => t.id === c.template_id && t.version === c.template_version);
  const responses = [];

  const appraisal = bundle.campaigns.find((c) => c.kind === 'appraisal360');
  const invitations = parseCsv(await readFile(join(data, 'demo-invitations.csv'), 'utf8'))
    .filter((row) => row.campaign === appraisal.id);
  const subjects = [...new Set(invitations.map((row) => row.subject))];
  let index = 0;
  for (const [s, subject] of subjects.entries()) {
    const counts = {self: 1, manager: 1, peer: s === 0 ? 2 : 2, staff: s % 2 === 1 ? 2 : 4};
    const used = {};
    for (const row of invitations.filter((r) => r.subject === subject)) {
      used[row.rater_group] = (used[row.rater_group] || 0) + 1;
      if (used[row.rater_group] > (counts[row.rater_group] ?? 0)) continue;
      responses.push(record(appraisal, {
        index: index++, rater_group: row.rater_group, invitation_code: row.code,
        answers: appraisalAnswers(template(appraisal), subject, row.rater_group, used[row.rater_group])}));
    }
  }

  // The self-assessment: every team member invited answers.
  const selfAssessment = bundle.campaigns.find((c) => c.kind === 'self_assessment');
  if (selfAssessment) {
    const rows = parseCsv(await readFile(join(data, 'demo-invitations.csv'), 'utf8'))
      .filter((row) => row.campaign === selfAssessment.id);
    for (const row of rows) {
      responses.push(record(selfAssessment, {
        index: index++, rater_group: row.rater_group, invitation_code: row.code,
        answers: appraisalAnswers(template(selfAssessment), row.subject, row.rater_group, 1)}));
    }
  }

  const community = bundle.campaigns.find((c) => c.id === 'community-2026') ||
                    bundle.campaigns.find((c) => c.kind === 'consultation');
  const venues = bundle.venues;
  // 24, 18, 12 and 3 responses at the four venues.
  const perVenue = [24, 18, 12, 3];
  let n = 0;
  for (const [v, venue] of venues.entries()) {
    for (let k = 0; k < (perVenue[v] ?? 0); ++k, ++n) {
      responses.push(record(community, {index: n, venue_id: venue.id,
                                        answers: consultationAnswers(template(community), n, venue)}));
    }
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
          selfAssessment: selfAssessment ? selfAssessment.id : '',
          firstSubject: invitations.length ? invitations[0].subject : ''};
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [baseUrl, data, code] = process.argv.slice(2);
  if (!baseUrl || !data || !code) {
    console.error('usage: node seed.mjs URL DATA_DIR ENROLMENT_CODE');
    process.exit(2);
  }
  seed(baseUrl, data, code).then((done) => console.log(`seeded ${done.accepted} responses`),
                                 (error) => { console.error(error.message); process.exit(1); });
}
