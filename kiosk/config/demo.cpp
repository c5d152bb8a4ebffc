#include "kiosk/config/demo.h"

#include "shared/templates/parser.h"

namespace soundings::kiosk {
namespace {

// The demo's coded campaigns close on a fixed date, so the consent page shows the deadline line
// as a rater sees it from a server's bundle (screenshots stay the same from run to run).
constexpr const char* kDemoClosesAt = "2027-01-29T17:00:00Z";

Unlock DemoUnlock(const Template& tmpl, const std::string& campaign_id) {
  Unlock unlock;
  unlock.campaign_id = campaign_id;
  unlock.subject_name = "Sam Example";
  unlock.rater_group = tmpl.rater_groups.empty() ? "" : tmpl.rater_groups.front().id;
  for (const auto& group : tmpl.rater_groups)
    if (group.id == "peer") unlock.rater_group = group.id;
  return unlock;
}

}  // namespace

Result<std::shared_ptr<MemoryCatalogue>> DemoCatalogue(const std::filesystem::path& template_dir) {
  auto consultation = LoadTemplateFile(template_dir / "me-my-life-my-community.json");
  if (!consultation.ok()) return consultation.problems();
  auto appraisal = LoadTemplateFile(template_dir / "me2e-360.json");
  if (!appraisal.ok()) return appraisal.problems();
  auto catalogue = std::make_shared<MemoryCatalogue>();
  auto tmpl360 = std::make_shared<const Template>(std::move(appraisal.value()));
  catalogue->AddCampaign({kDemoConsultationCampaign,
                          std::make_shared<const Template>(std::move(consultation.value())),
                          false});
  catalogue->AddCampaign({kDemo360Campaign, tmpl360, false, kDemoClosesAt});
  catalogue->AddCode(kDemoCode, DemoUnlock(*tmpl360, kDemo360Campaign));
  return catalogue;
}

Result<std::shared_ptr<MemoryCatalogue>> SingleTemplateCatalogue(const std::filesystem::path& file,
                                                                 std::string* campaign_id) {
  auto loaded = LoadTemplateFile(file);
  if (!loaded.ok()) return loaded.problems();
  auto tmpl = std::make_shared<const Template>(std::move(loaded.value()));
  auto catalogue = std::make_shared<MemoryCatalogue>();
  const std::string id = "preview-" + tmpl->id;
  const bool coded = tmpl->kind != TemplateKind::kConsultation;
  catalogue->AddCampaign({id, tmpl, false, coded ? kDemoClosesAt : ""});
  if (coded) catalogue->AddCode(kDemoCode, DemoUnlock(*tmpl, id));
  if (campaign_id) *campaign_id = id;
  return catalogue;
}

}  // namespace soundings::kiosk
