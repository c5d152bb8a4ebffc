#include "server/pdf/campaign_pdfs.h"

#include <map>
#include <utility>
#include <vector>

#include "server/pdf/individual_report_pdf.h"
#include "server/pdf/zip_archive.h"
#include "server/reports/report_parts.h"

namespace soundings::server::pdf {

namespace {

ServiceError Internal(const std::string& what) {
  return {ErrorKind::kInternal, "pdf_failed", "The PDF could not be made: " + what + ".", {}};
}

}  // namespace

std::string FileSlug(const std::string& text) {
  std::string slug;
  bool dash = false;
  for (const char raw : text) {
    const auto c = static_cast<unsigned char>(raw);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (dash && !slug.empty()) slug += '-';
      slug += static_cast<char>(c);
      dash = false;
    } else if (c >= 'A' && c <= 'Z') {
      if (dash && !slug.empty()) slug += '-';
      slug += static_cast<char>(c - 'A' + 'a');
      dash = false;
    } else {
      dash = true;
    }
  }
  return slug.empty() ? "report" : slug;
}

ServiceResult<PdfFile> SubjectReportPdf(ReportReleases& releases, const Principal& who,
                                        const std::string& actor, const std::string& campaign_id,
                                        const std::string& subject_person_id) {
  auto report = releases.Individual(who, actor, campaign_id, subject_person_id);
  if (!report) return report.error();
  auto pdf = RenderIndividualReportPdf(*report);
  if (!pdf) return Internal(pdf.ErrorText());
  const std::string name =
      report->value("subject", nlohmann::json::object()).value("display_name", subject_person_id);
  return PdfFile{FileSlug(campaign_id) + "-" + FileSlug(name) + ".pdf", std::move(pdf).value()};
}

ServiceResult<CampaignPdfZip> CampaignReportsZip(ReportService& reports, Store& store,
                                                 const Principal& who,
                                                 const std::string& campaign_id) {
  auto campaign = store.GetCampaign(campaign_id);
  if (!campaign) return StorageError(campaign.error());
  if (!campaign->has_value()) return report_parts::NotFound("No campaign " + campaign_id + ".");
  if (!report_parts::Is360(**campaign)) {
    return report_parts::WrongKind(**campaign, "a 360 or self-assessment campaign (PDF reports)");
  }
  auto subjects = store.ListSubjects(campaign_id);
  if (!subjects) return StorageError(subjects.error());
  if (subjects->empty()) {
    return ServiceError{ErrorKind::kUnprocessable,
                        "no_subjects",
                        "Campaign " + campaign_id + " has no subjects yet, so it has no reports.",
                        {}};
  }
  if (subjects->size() > kMaxSubjectsPerZip) {
    return ServiceError{ErrorKind::kUnprocessable,
                        "too_many_subjects",
                        "Campaign " + campaign_id + " has " + std::to_string(subjects->size()) +
                            " subjects; one ZIP holds at most " +
                            std::to_string(kMaxSubjectsPerZip) +
                            ". Download the reports one by one.",
                        {}};
  }
  std::map<std::string, int> uses;
  for (const auto& s : *subjects) ++uses[FileSlug(s.display_name)];
  std::vector<ZipEntry> entries;
  entries.reserve(subjects->size());
  for (const auto& subject : *subjects) {
    auto report = reports.Individual(who, campaign_id, subject.person_id);
    if (!report) return report.error();
    auto pdf = RenderIndividualReportPdf(*report);
    if (!pdf) return Internal(pdf.ErrorText());
    std::string name = FileSlug(subject.display_name);
    if (uses[name] > 1) name += "-" + FileSlug(subject.person_id);
    entries.push_back({name + ".pdf", std::move(pdf).value()});
  }
  auto zip = ZipArchive(entries);
  if (!zip) return Internal(zip.ErrorText());
  return CampaignPdfZip{FileSlug(campaign_id) + "-reports.zip", std::move(zip).value(),
                        static_cast<int>(entries.size())};
}

ServiceResult<CampaignPdfZip> PdfReports::Zip(const Principal& who, const std::string& actor,
                                              const std::string& campaign_id) {
  auto zip = CampaignReportsZip(m_reports, m_store, who, campaign_id);
  if (!zip) return zip.error();
  auto audited = m_audit.Record(actor, "responses_exported", campaign_id,
                                "format=pdf_zip subjects=" + std::to_string(zip->subjects));
  if (!audited) return audited.error();
  return zip;
}

}  // namespace soundings::server::pdf
