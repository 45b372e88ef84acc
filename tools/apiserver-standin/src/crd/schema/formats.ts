/**
 * The string formats a CRD schema may name and the apiserver checks (apiextensions'
 * `supportedFormats`, validated by kube-openapi's strfmt registry). Other formats, int32 and
 * int64 among them, are dropped from the schema and never checked. Names are compared with
 * dashes removed, so `date-time` is `datetime`.
 */

import { isIP } from 'node:net';

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID3 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID4 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const UUID5 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const HOSTNAME =
  /^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9\-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z\p{L}]){2,63})$/u;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MAC =
  /^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$|^([0-9A-Fa-f]{2}[:-]){7}[0-9A-Fa-f]{2}$|^([0-9A-Fa-f]{2}[:-]){19}[0-9A-Fa-f]{2}$|^([0-9A-Fa-f]{4}\.){2}[0-9A-Fa-f]{4}$/;
const GO_DURATION = /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$|^[-+]?0$/;
const SCALA_DURATION =
  /^\d+\s*(ns|nano|nanos|nanosecond|nanoseconds|us|micro|micros|microsecond|microseconds|ms|milli|millis|millisecond|milliseconds|s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hr|hour|hours|d|day|days|w|wk|week|weeks)$/;

function validDate(year: string, month: string, day: string): boolean {
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function isDate(s: string): boolean {
  const m = DATE.exec(s);
  return m !== null && validDate(m[1]!, m[2]!, m[3]!);
}

function isDateTime(s: string): boolean {
  const m = DATE_TIME.exec(s);
  if (m === null || !validDate(m[1]!, m[2]!, m[3]!)) return false;
  return Number(m[4]) < 24 && Number(m[5]) < 60 && Number(m[6]) < 60;
}

/** netutils.ParseIPSloppy accepts leading zeros in IPv4 octets ("010.0.0.1"). */
function sloppyIPv4(s: string): string {
  return s.replace(/(^|\.)0+(?=\d)/g, '$1');
}

function isIPv4(s: string): boolean {
  return s.includes('.') && isIP(s.includes(':') ? s : sloppyIPv4(s)) !== 0;
}

function isCIDR(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return false;
  const ip = s.slice(0, slash);
  const bits = s.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits)) return false;
  const family = isIP(ip.includes(':') ? ip : sloppyIPv4(ip));
  return family !== 0 && Number(bits) <= (family === 4 ? 32 : 128);
}

function isURI(s: string): boolean {
  if (s.startsWith('/')) return true;
  try {
    return new URL(s).protocol.length > 1;
  } catch {
    return false;
  }
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

function isISBN10(s: string): boolean {
  const v = s.replace(/[\s-]/g, '');
  if (!/^\d{9}[\dX]$/.test(v)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += (i + 1) * (v[i] === 'X' ? 10 : Number(v[i]));
  return sum % 11 === 0;
}

function isISBN13(s: string): boolean {
  const v = s.replace(/[\s-]/g, '');
  if (!/^\d{13}$/.test(v)) return false;
  let sum = 0;
  for (let i = 0; i < 13; i++) sum += Number(v[i]) * (i % 2 === 0 ? 1 : 3);
  return sum % 10 === 0;
}

const CHECKS: Record<string, (s: string) => boolean> = {
  bsonobjectid: (s) => /^[0-9a-fA-F]{24}$/.test(s),
  uri: isURI,
  email: (s) => /^[^\s@<>]+@[^\s@<>]+$/.test(s) || /^[^<>]*<[^\s@<>]+@[^\s@<>]+>$/.test(s),
  hostname: (s) => HOSTNAME.test(s) && s.length <= 255,
  ipv4: isIPv4,
  ipv6: (s) => s.includes(':') && isIP(s) === 6,
  cidr: isCIDR,
  mac: (s) => MAC.test(s),
  uuid: (s) => UUID.test(s),
  uuid3: (s) => UUID3.test(s),
  uuid4: (s) => UUID4.test(s),
  uuid5: (s) => UUID5.test(s),
  isbn: (s) => isISBN10(s) || isISBN13(s),
  isbn10: isISBN10,
  isbn13: isISBN13,
  creditcard: (s) => {
    const digits = s.replace(/\D/g, '');
    return digits.length >= 12 && digits.length <= 19 && luhn(digits);
  },
  ssn: (s) => /^\d{3}[- ]?\d{2}[- ]?\d{4}$/.test(s),
  hexcolor: (s) => /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(s),
  rgbcolor: (s) =>
    /^rgb\(\s*(0|[1-9]\d?|1\d\d|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d|2[0-4]\d|25[0-5])\s*\)$/.test(
      s,
    ),
  byte: (s) => BASE64.test(s),
  password: () => true,
  date: isDate,
  duration: (s) => GO_DURATION.test(s) || SCALA_DURATION.test(s),
  datetime: isDateTime,
};

function normalize(format: string): string {
  return format.replaceAll('-', '');
}

/** True when the apiserver checks values against this format (others are stripped). */
export function isCheckedFormat(format: string | undefined): format is string {
  return format !== undefined && format !== '' && normalize(format) in CHECKS;
}

/** True when `value` is a valid `format`; formats that are not checked always pass. */
export function matchesFormat(format: string, value: string): boolean {
  const check = CHECKS[normalize(format)];
  return check === undefined || check(value);
}
