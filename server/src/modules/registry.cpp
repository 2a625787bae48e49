#include "modules/app.hpp"

namespace kaowu {

namespace system {
void register_routes(App& app);
}
namespace organizations {
void register_routes(App& app);
}
namespace accounts {
void register_routes(App& app);
}
namespace audit_log {
void register_routes(App& app);
}
namespace certificates {
void register_routes(App& app);
}
namespace plans {
void register_routes(App& app);
}
namespace sites {
void register_routes(App& app);
}
namespace students {
void register_routes(App& app);
}
namespace rooms {
void register_routes(App& app);
}
namespace arrangements {
void register_routes(App& app);
}
namespace payments {
void register_routes(App& app);
}
namespace registrations {
void register_routes(App& app);
}
namespace dashboard {
void register_routes(App& app);
}
namespace weekly_reports {
void register_routes(App& app);
}
namespace import_records {
void register_routes(App& app);
}
namespace regions {
void register_routes(App& app);
}
namespace invigilators {
void register_routes(App& app);
}
namespace scores {
void register_routes(App& app);
}
namespace results {
void register_routes(App& app);
}
namespace sms {
void register_routes(App& app);
}
namespace teachers {
void register_routes(App& app);
}
namespace checkins {
void register_routes(App& app);
}

void register_modules(App& app) {
  system::register_routes(app);
  accounts::register_routes(app);
  organizations::register_routes(app);
  audit_log::register_routes(app);
  certificates::register_routes(app);
  plans::register_routes(app);
  sites::register_routes(app);
  students::register_routes(app);
  rooms::register_routes(app);
  arrangements::register_routes(app);
  payments::register_routes(app);
  registrations::register_routes(app);
  dashboard::register_routes(app);
  weekly_reports::register_routes(app);
  import_records::register_routes(app);
  regions::register_routes(app);
  invigilators::register_routes(app);
  scores::register_routes(app);
  results::register_routes(app);
  sms::register_routes(app);
  teachers::register_routes(app);
  checkins::register_routes(app);
}

}  // namespace kaowu
