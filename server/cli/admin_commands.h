#pragma once
// `user`, `campaign`, `people import`, `nominations import`, `invitations export`: each returns
// the process exit code.

#include <iosfwd>
#include <string>
#include <vector>

namespace soundings::server {

int RunUserCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int RunCampaignCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int RunPeopleCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int RunNominationsCommand(const std::vector<std::string>& args, std::ostream& out,
                          std::ostream& err);
int RunInvitationsCommand(const std::vector<std::string>& args, std::ostream& out,
                          std::ostream& err);

}  // namespace soundings::server
