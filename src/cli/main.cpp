// gpttrace entry point; everything lives in the stage libraries and cli/app.
#include "cli/app.h"

int main(int argc, char** argv) { return gpttrace::run_app(argc, argv); }
