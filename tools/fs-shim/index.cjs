"use strict";
// epcis2.js depends on the npm placeholder package "fs" (0.0.1-security, which is empty). Re-export Node's own module.
module.exports = require("node:fs");
