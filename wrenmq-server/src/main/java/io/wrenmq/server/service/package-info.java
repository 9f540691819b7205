/**
 * `wrenmq service install|uninstall`: the systemd unit (Linux) and the WinSW service wrapper's configuration
 * (Windows) that run `wrenmq start` as a service, and the quoting each format needs.
 */
package io.wrenmq.server.service;
