//! The domain of grid governance: hierarchy codes, people and roles, categories, the case
//! state machine of the seven-step loop, deadlines and KPIs. Pure: no IO, no SQL, no HTTP.
