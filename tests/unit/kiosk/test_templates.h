#pragma once
// Small templates built in code for the kiosk's unit tests: they do not depend on the parser.

#include <memory>
#include <string>

#include "shared/templates/model.h"

namespace soundings::kiosk::testing {

inline LocalText En(const std::string& text) { return {{"en", text}, {"cy", text + " (cy)"}}; }

inline Item MakeItem(const std::string& id, ItemType type, bool required = false) {
  Item item;
  item.id = id;
  item.type = type;
  item.required = required;
  item.text = En("Question " + id);
  return item;
}

inline Expression MustParse(const std::string& source) {
  auto parsed = Expression::Parse(source);
  return parsed.value();
}

/// A consultation: "about" (likert q1 required, yes_no visited), "visit" (shown when visited:
/// single_choice where, short_text why), "equality" (a module section, nothing required).
inline std::shared_ptr<Template> Consultation() {
  auto t = std::make_shared<Template>();
  t->id = "wellbeing";
  t->version = 3;
  t->kind = TemplateKind::kConsultation;
  t->languages = {"en", "cy"};
  t->title = En("Me, My Life");
  t->privacy_notice = En("We keep your answers anonymous.");
  Scale agree;
  agree.id = "agree5";
  for (int v = 1; v <= 5; ++v)
    agree.points.push_back({double(v), En("Point " + std::to_string(v))});
  agree.not_applicable = En("Not applicable");
  t->scales.push_back(agree);

  Section about;
  about.id = "about";
  about.title = En("About you");
  Item q1 = MakeItem("q1", ItemType::kLikert, true);
  q1.scale = "agree5";
  about.items.push_back(q1);
  about.items.push_back(MakeItem("visited", ItemType::kYesNo));
  t->sections.push_back(about);

  Section visit;
  visit.id = "visit";
  visit.title = En("Your visit");
  visit.visible_if = MustParse("visited");
  Item where = MakeItem("where", ItemType::kSingleChoice, true);
  where.options = {{"library", En("Library")}, {"park", En("Park")}};
  visit.items.push_back(where);
  Item why = MakeItem("why", ItemType::kShortText);
  why.max_length = 10;
  why.visible_if = MustParse("where == \"park\"");
  visit.items.push_back(why);
  t->sections.push_back(visit);

  Section equality;
  equality.id = "equality";
  equality.module = "equality-monitoring";
  equality.title = En("About you (optional)");
  Item age = MakeItem("age", ItemType::kSingleChoice);
  age.options = {{"under_25", En("Under 25")}, {"over_25", En("25 or over")}};
  age.prefer_not_to_say = true;
  equality.items.push_back(age);
  t->sections.push_back(equality);
  return t;
}

/// A 360: groups self and peer; one section whose item has self wording.
inline std::shared_ptr<Template> Appraisal() {
  auto t = std::make_shared<Template>();
  t->id = "leader360";
  t->version = 2;
  t->kind = TemplateKind::kAppraisal360;
  t->languages = {"en", "cy"};
  t->title = En("Leadership 360");
  t->scales.push_back({"agree3", {{1, En("No")}, {2, En("Partly")}, {3, En("Yes")}}, std::nullopt});
  t->rater_groups.push_back({"self", En("Self"), 1, 3});
  t->rater_groups.push_back({"peer", En("Peer"), 3, 3});
  Section s;
  s.id = "priorities";
  s.title = En("Priorities");
  s.competency = true;
  Item i = MakeItem("sets_priorities", ItemType::kLikert, true);
  i.scale = "agree3";
  i.text = En("{subject} sets priorities");
  i.text_by_group["self"] = En("I set priorities");
  s.items.push_back(i);
  Item n = MakeItem("hours", ItemType::kNumber);
  n.min = 0;
  n.max = 80;
  n.integer = true;
  s.items.push_back(n);
  t->sections.push_back(s);
  Section peers_only;
  peers_only.id = "peer_only";
  peers_only.title = En("For peers");
  peers_only.rater_groups = {"peer"};
  peers_only.items.push_back(MakeItem("works_well", ItemType::kYesNo));
  t->sections.push_back(peers_only);
  return t;
}

}  // namespace soundings::kiosk::testing
