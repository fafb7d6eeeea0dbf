#include <iostream>

#include "hyperbagel/engine/checkpoint.h"

#include "arg_parser.h"
#include "commands.h"

namespace hb::cli {

int runInspect(const std::vector<std::string>& args) {
    ArgParser parser("inspect",
                     "Validates a BAGEL checkpoint folder and reports its configs, components, dtypes,\n"
                     "findings and the memory needed to load it. Exits 1 when the folder is invalid.");
    parser.addPositional("DIR", "checkpoint folder (llm_config.json, vit_config.json, ema.safetensors, ...)");
    parser.addFlag("json", "print the report as JSON");
    if (const auto exit = parser.parseOrExit(args)) {
        return *exit;
    }
    const auto report = inspectCheckpoint(parser.positionals()[0]);
    if (!report) {
        std::cerr << "inspect: " << report.error().message << "\n";
        return kExitFailed;
    }
    std::cout << (parser.flag("json") ? formatReportJson(*report) : formatReportText(*report));
    std::cout.flush();
    return report->valid ? kExitOk : kExitFailed;
}

} // namespace hb::cli
