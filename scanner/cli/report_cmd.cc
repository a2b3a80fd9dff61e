// `posture report ...`: the documents people read, written as static,
// self-contained HTML files (no server, no internet needed to open them).
//   scorecard CODE [--out FILE]   the mayor's scorecard of one collectivity
//   region --out DIR              the regional dashboard (index.html), one scorecard
//                                 per collectivity (fiches/), methode.html, and the
//                                 current cohort's remediation report if any
//   remediation COHORT [--out FILE]  the six-month report and one page per called member
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <set>

#include "checks/base/strings.h"
#include "posture/version.h"
#include "reports/dashboard.h"
#include "reports/method.h"
#include "reports/remediation_report.h"
#include "reports/scorecard.h"
#include "scanner/cli/commands.h"
#include "scanner/cli/report_data.h"
#include "scanner/cli/report_files.h"
#include "scanner/cli/scoring_cli.h"

namespace po = boost::program_options;

namespace posture::cli {
namespace {

void AddPublisherOptions(po::options_description& desc) {
  desc.add_options()("contact-url", po::value<std::string>(),
                     "how a collectivity reaches the regional team (URL or e-mail), printed on "
                     "the scorecards next to how to opt out (default: the scan's contact-url "
                     "setting)");
}

reports::Publisher PublisherOf(const po::variables_map& vm) {
  reports::Publisher p;
  if (vm.count("contact-url")) p.contact = vm["contact-url"].as<std::string>();
  p.version = kVersion;
  return p;
}

int ExitFor(const Status& s) {
  return s.code() == StatusCode::kInvalidArgument ? kExitUsage : kExitFailure;
}

// The target of CODE, refusing opted-out ones.
StatusOr<StoredTarget> ReportableTarget(Store& store, const std::string& code) {
  auto t = FindTarget(store, code);
  if (!t.ok()) return t.status();
  if (t->opt_out)
    return FailedPrecondition(t->target.Key() + " (" + SanitizeForDisplay(t->target.name, 200) +
                              ") opted out on " + FormatDate(t->opt_out->opted_out_at) +
                              ": posture publishes no scorecard for it");
  return t;
}

int Scorecard(const GlobalOptions& g, const std::vector<std::string>& args) {
  po::options_description desc("Options");
  desc.add_options()("code", po::value<std::string>()->required(),
                     "the collectivity (code or kind:code)")(
      "out", po::value<std::string>(),
      "file to write (default: scorecard-KIND-CODE.html in the current directory; - for stdout)");
  AddPublisherOptions(desc);
  AddModelOption(desc);
  po::positional_options_description pos;
  pos.add("code", 1);
  po::variables_map vm;
  if (auto rc = ParseCommandLine(
          g, args, "posture report scorecard CODE [options]",
          "Writes the mayor's scorecard of one collectivity as one self-contained HTML file: its\n"
          "grade, 30-day score and trend as of --now, how it compares with collectivities of its\n"
          "size class in its département, what to fix first and who should act, what was\n"
          "analysed and how to opt out (one A4 page when printed), then a technical annex with\n"
          "every finding and its evidence, and the scoring method. --lang en for English.",
          desc, pos, vm))
    return *rc;
  auto model = ModelFromOptions(vm);
  if (!model.ok()) return Fail(kExitFailure, model.status().message());
  auto store = OpenScoringStore(g);
  if (!store.ok()) return Fail(kExitFailure, store.status().message());
  auto target = ReportableTarget(*store, vm["code"].as<std::string>());
  if (!target.ok()) return Fail(ExitFor(target.status()), target.status().message());
  auto snap = LoadReportSnapshot(*store, *model, g.Now());
  if (!snap.ok()) return Fail(kExitFailure, snap.status().message());
  if (!snap->LastScanDay(target->id))
    return Fail(kExitFailure, "no complete scan of " + target->target.Key() + " (" +
                                  SanitizeForDisplay(target->target.name, 200) + ") in the " +
                                  std::to_string(model->window_days) + " days up to " +
                                  FormatDay(snap->day) +
                                  "; scan it first (`posture scan --target " +
                                  target->target.Key() + "`) or give another --now");
  auto in = LoadScorecardInput(*store, *snap, *model, target->id, LangOf(g));
  if (!in.ok()) return Fail(kExitFailure, in.status().message());
  std::string html = reports::RenderScorecard(*in, *model, PublisherOf(vm), LangOf(g));
  std::string out =
      vm.count("out")
          ? vm["out"].as<std::string>()
          : "scorecard-" + TargetFileStem(target->target.kind, target->target.code) + ".html";
  if (out == "-") {
    std::cout << html;
    return kExitOk;
  }
  Status s = WriteFileAtomically(out, html);
  if (!s.ok()) return Fail(kExitFailure, s.message());
  std::cout << Tr(g, "Fiche écrite : ", "Scorecard written: ") << out << " ("
            << FormatBytes(html.size()) << ")\n";
  return kExitOk;
}

// Writes the remediation report and the called members' pages. `file` is
// the report; member pages go to `member_dir` (relative links from the report
// use `member_prefix`).
Status WriteRemediation(const reports::CohortView& cohort, const std::string& file,
                        const std::string& member_dir, const std::string& member_prefix,
                        const reports::Links& links, const reports::Publisher& publisher, Lang lang,
                        int* member_pages) {
  reports::RemediationInput in;
  in.cohort = cohort;
  in.links = links;
  std::set<std::string> written;
  for (const scoring::MemberRemediation& m : cohort.report.members)
    if (m.member.group == scoring::Group::kCalled)
      in.member_pages[m.member.target_id] =
          member_prefix + TargetFileStem(m.member.kind, m.member.code) + ".html";
  Status s = MakeDirectories(member_dir);
  if (!s.ok()) return s;
  for (const scoring::MemberRemediation& m : cohort.report.members) {
    if (m.member.group != scoring::Group::kCalled) continue;
    std::string name = TargetFileStem(m.member.kind, m.member.code) + ".html";
    s = WriteFileAtomically(member_dir + "/" + name,
                            reports::RenderMemberPage(in, m, publisher, lang));
    if (!s.ok()) return s;
    written.insert(name);
  }
  s = RemoveStaleHtml(member_dir, written);
  if (!s.ok()) return s;
  *member_pages = static_cast<int>(written.size());
  return WriteFileAtomically(file, reports::RenderRemediation(in, publisher, lang));
}

std::string CohortFileStem(const std::string& name) {
  std::string out;
  for (char c : name)
    out += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ? c : '_';
  return out.substr(0, 80);
}

int Remediation(const GlobalOptions& g, const std::vector<std::string>& args) {
  po::options_description desc("Options");
  desc.add_options()("cohort", po::value<std::string>()->required(),
                     "the cohort's name (see `posture cohort list`)")(
      "out", po::value<std::string>(),
      "report file (default: remediation-COHORT.html); the members' pages go to the folder of the "
      "same name without .html");
  AddPublisherOptions(desc);
  po::positional_options_description pos;
  pos.add("cohort", 1);
  po::variables_map vm;
  if (auto rc = ParseCommandLine(
          g, args, "posture report remediation COHORT [options]",
          "Writes the remediation report of a cohort as of --now, under the cohort's model "
          "version:\n"
          "per member baseline vs now (grade, score, findings fixed / still present / new), the\n"
          "called group next to the comparison group, and the estimated effect of the calls with\n"
          "its 95 % bootstrap interval, in words and a chart. Also one page per called member for\n"
          "its mayor: \"what you fixed since our call\".",
          desc, pos, vm))
    return *rc;
  auto store = OpenScoringStore(g);
  if (!store.ok()) return Fail(kExitFailure, store.status().message());
  std::string name = vm["cohort"].as<std::string>();
  auto cohort = LoadCohortView(*store, name, g.Now());
  if (!cohort.ok()) return Fail(ExitFor(cohort.status()), cohort.status().message());
  std::string file = vm.count("out") ? vm["out"].as<std::string>()
                                     : "remediation-" + CohortFileStem(name) + ".html";
  std::string stem = file.size() > 5 && file.compare(file.size() - 5, 5, ".html") == 0
                         ? file.substr(0, file.size() - 5)
                         : file + "-membres";
  std::string base =
      stem.substr(stem.find_last_of('/') == std::string::npos ? 0 : stem.find_last_of('/') + 1);
  int pages = 0;
  Status s = WriteRemediation(*cohort, file, stem, base + "/", reports::Links{}, PublisherOf(vm),
                              LangOf(g), &pages);
  if (!s.ok()) return Fail(kExitFailure, s.message());
  std::cout << Tr(g, "Rapport écrit : ", "Report written: ") << file << "\n"
            << Tr(g, "Pages des membres appelés : ", "Pages of the called members: ") << pages
            << " " << Tr(g, "dans ", "in ") << stem << "/\n";
  return kExitOk;
}

int Region(const GlobalOptions& g, const std::vector<std::string>& args) {
  po::options_description desc("Options");
  desc.add_options()("out", po::value<std::string>()->required(),
                     "the folder to write (created if needed)");
  AddPublisherOptions(desc);
  AddModelOption(desc);
  po::positional_options_description pos;
  po::variables_map vm;
  if (auto rc = ParseCommandLine(
          g, args, "posture report region --out DIR [options]",
          "Writes the regional dashboard as of --now into DIR: index.html (map of the communes\n"
          "coloured by grade, score distribution, grades by département and population class,\n"
          "most common problems, the sortable ranking, the current cohort's progress), one\n"
          "scorecard per scanned collectivity in DIR/fiches/, the scoring method in\n"
          "DIR/methode.html and, when a cohort exists, its remediation report. Every file is\n"
          "self-contained HTML: copy the folder anywhere (a USB key) and open index.html.",
          desc, pos, vm))
    return *rc;
  auto model = ModelFromOptions(vm);
  if (!model.ok()) return Fail(kExitFailure, model.status().message());
  auto store = OpenScoringStore(g);
  if (!store.ok()) return Fail(kExitFailure, store.status().message());
  const std::string dir = vm["out"].as<std::string>();
  const Lang lang = LangOf(g);
  const reports::Publisher publisher = PublisherOf(vm);
  auto snap = LoadReportSnapshot(*store, *model, g.Now());
  if (!snap.ok()) return Fail(kExitFailure, snap.status().message());
  Status s = MakeDirectories(dir + "/fiches");
  if (!s.ok()) return Fail(kExitFailure, s.message());

  reports::DashboardInput dash;
  dash.day = snap->day;
  dash.department_names = snap->department_names;
  dash.links.method = "methode.html";
  std::set<std::string> cards;
  size_t card_bytes = 0;
  for (const StoredTarget& t : snap->targets) {
    const scoring::RankCandidate* c = snap->Candidate(t.id);
    if (!c) continue;
    reports::DashboardEntry e;
    e.candidate = *c;
    auto r = snap->rank.find(t.id);
    if (r != snap->rank.end()) e.rank = r->second;
    auto trend = snap->trends.find(t.id);
    if (trend != snap->trends.end() && !c->opted_out) e.change = trend->second.delta;
    if (!c->opted_out && snap->LastScanDay(t.id)) {
      auto codes = LoadActiveCodes(*store, *snap, *model, t.id);
      if (!codes.ok()) return Fail(kExitFailure, codes.status().message());
      e.problems = std::move(codes).value();
      auto in = LoadScorecardInput(*store, *snap, *model, t.id, lang);
      if (!in.ok()) return Fail(kExitFailure, in.status().message());
      in->links.dashboard = "../index.html";
      in->links.method = "../methode.html";
      std::string name = TargetFileStem(t.target.kind, t.target.code) + ".html";
      std::string html = reports::RenderScorecard(*in, *model, publisher, lang);
      card_bytes += html.size();
      s = WriteFileAtomically(dir + "/fiches/" + name, html);
      if (!s.ok()) return Fail(kExitFailure, s.message());
      cards.insert(name);
      e.scorecard = "fiches/" + name;
    }
    dash.entries.push_back(std::move(e));
  }
  // A collectivity that opted out since the last run keeps no page here.
  s = RemoveStaleHtml(dir + "/fiches", cards);
  if (!s.ok()) return Fail(kExitFailure, s.message());

  auto cohort_name = CurrentCohortName(*store, g.Now());
  if (!cohort_name.ok()) return Fail(kExitFailure, cohort_name.status().message());
  int member_pages = 0;
  if (*cohort_name) {
    auto cohort = LoadCohortView(*store, **cohort_name, g.Now());
    if (!cohort.ok()) return Fail(kExitFailure, cohort.status().message());
    cohort->link = "remediation.html";
    reports::Links links;
    links.dashboard = "index.html";
    s = WriteRemediation(*cohort, dir + "/remediation.html", dir + "/remediation", "remediation/",
                         links, publisher, lang, &member_pages);
    if (!s.ok()) return Fail(kExitFailure, s.message());
    dash.cohort = std::move(cohort).value();
  }
  reports::Links method_links;
  method_links.dashboard = "index.html";
  s = WriteFileAtomically(
      dir + "/methode.html",
      reports::RenderMethodPage(*model, snap->day, publisher, method_links, lang));
  if (!s.ok()) return Fail(kExitFailure, s.message());
  std::string index = reports::RenderDashboard(dash, *model, publisher, lang);
  s = WriteFileAtomically(dir + "/index.html", index);
  if (!s.ok()) return Fail(kExitFailure, s.message());

  std::cout << Tr(g, "Tableau de bord écrit dans ", "Dashboard written to ") << dir
            << "/: index.html (" << FormatBytes(index.size()) << "), " << cards.size()
            << Tr(g, " fiches (", " scorecards (") << FormatBytes(card_bytes) << "), methode.html";
  if (*cohort_name)
    std::cout << Tr(g, ", remediation.html (cohorte ", ", remediation.html (cohort ")
              << **cohort_name << ", " << member_pages
              << Tr(g, " pages de membres)", " member pages)");
  std::cout << "\n" << Tr(g, "Ouvrir : ", "Open: ") << FileUrl(dir + "/index.html") << "\n";
  return kExitOk;
}

}  // namespace

int ReportCommand(const GlobalOptions& g, const std::vector<std::string>& args) {
  static const std::vector<Command> kSub = {
      {"scorecard", "the mayor's scorecard of one collectivity (HTML)", Scorecard},
      {"region", "the regional dashboard with its map, and every scorecard (HTML folder)", Region},
      {"remediation", "a cohort's remediation report and its members' pages (HTML)", Remediation},
  };
  return RunSubcommand(g, "report", args, kSub);
}

}  // namespace posture::cli
