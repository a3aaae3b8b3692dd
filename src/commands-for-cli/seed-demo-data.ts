/**
 * What the demo company is made of: a Cavite service area tree, PHP plans, three LCPs around
 * Imus, Filipino names and phone numbers, and a seeded random generator so every run (and
 * every machine) produces the same company.
 */

/** mulberry32: small, fast and good enough for demo data; the same seed gives the same data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

export interface DemoArea {
  ref: string;
  name: string;
  code: string;
  kind: string;
  parentRef?: string;
}

export const DEMO_AREAS: readonly DemoArea[] = [
  { ref: 'cavite', name: 'Cavite', code: 'CAV', kind: 'Province' },
  { ref: 'imus', name: 'Imus', code: 'IMUS', kind: 'City', parentRef: 'cavite' },
  { ref: 'bacoor', name: 'Bacoor', code: 'BAC', kind: 'City', parentRef: 'cavite' },
  { ref: 'dasma', name: 'Dasmariñas', code: 'DAS', kind: 'City', parentRef: 'cavite' },
  { ref: 'bayan-luma', name: 'Bayan Luma I', code: 'IMUS-BL1', kind: 'Barangay', parentRef: 'imus' },
  { ref: 'anabu', name: 'Anabu I-A', code: 'IMUS-AN1A', kind: 'Barangay', parentRef: 'imus' },
  { ref: 'malagasang', name: 'Malagasang I-A', code: 'IMUS-ML1A', kind: 'Barangay', parentRef: 'imus' },
  { ref: 'buhay', name: 'Buhay na Tubig', code: 'IMUS-BNT', kind: 'Barangay', parentRef: 'imus' },
  { ref: 'molino', name: 'Molino III', code: 'BAC-ML3', kind: 'Barangay', parentRef: 'bacoor' },
  { ref: 'niog', name: 'Niog I', code: 'BAC-NG1', kind: 'Barangay', parentRef: 'bacoor' },
  { ref: 'talaba', name: 'Talaba II', code: 'BAC-TL2', kind: 'Barangay', parentRef: 'bacoor' },
  { ref: 'salitran', name: 'Salitran I', code: 'DAS-SL1', kind: 'Barangay', parentRef: 'dasma' },
  { ref: 'paliparan', name: 'Paliparan III', code: 'DAS-PL3', kind: 'Barangay', parentRef: 'dasma' },
  { ref: 'sampaloc', name: 'Sampaloc I', code: 'DAS-SP1', kind: 'Barangay', parentRef: 'dasma' },
];

export interface DemoPlan {
  ref: string;
  name: string;
  down: number;
  up: number;
  /** Centavos. */
  priceMinor: number;
  periodUnit: 'month' | 'day';
  setupFeeMinor: number | null;
  description: string;
  /** Relative share of subscribers. */
  weight: number;
}

export const DEMO_PLANS: readonly DemoPlan[] = [
  { ref: 'fiber-30', name: 'Fiber 30', down: 30, up: 30, priceMinor: 99900, periodUnit: 'month', setupFeeMinor: null, description: 'Browsing, chat and school work', weight: 2 },
  { ref: 'fiber-50', name: 'Fiber 50', down: 50, up: 50, priceMinor: 129900, periodUnit: 'month', setupFeeMinor: 50000, description: 'A small household', weight: 5 },
  { ref: 'fiber-100', name: 'Fiber 100', down: 100, up: 100, priceMinor: 169900, periodUnit: 'month', setupFeeMinor: 50000, description: 'Streaming and work from home', weight: 4 },
  { ref: 'fiber-200', name: 'Fiber 200', down: 200, up: 200, priceMinor: 249900, periodUnit: 'month', setupFeeMinor: null, description: 'Big families and gamers', weight: 2 },
  { ref: 'biz-500', name: 'Business 500', down: 500, up: 500, priceMinor: 399900, periodUnit: 'month', setupFeeMinor: 150000, description: 'Shops and offices, priority support', weight: 1 },
  { ref: 'day-pass', name: 'Daily Pass 20', down: 20, up: 10, priceMinor: 5000, periodUnit: 'day', setupFeeMinor: null, description: 'Prepaid, one day at a time', weight: 1 },
];

export interface DemoLcp {
  ref: string;
  code: string;
  name: string;
  areaRef: string;
  latitude: number;
  longitude: number;
  address: string;
  /** Barangays its NAP boxes serve, in turn. */
  barangayRefs: string[];
}

/** Around Imus, Cavite (14.43 N, 120.94 E). */
export const DEMO_LCPS: readonly DemoLcp[] = [
  { ref: 'lcp-imus', code: 'LCP-IMUS-01', name: 'Imus Poblacion cabinet', areaRef: 'imus', latitude: 14.4297, longitude: 120.9367, address: 'Nueno Ave, Imus', barangayRefs: ['bayan-luma', 'anabu', 'malagasang', 'buhay'] },
  { ref: 'lcp-bacoor', code: 'LCP-BAC-01', name: 'Molino Boulevard cabinet', areaRef: 'bacoor', latitude: 14.4106, longitude: 120.9775, address: 'Molino Blvd, Bacoor', barangayRefs: ['molino', 'niog', 'talaba'] },
  { ref: 'lcp-dasma', code: 'LCP-DAS-01', name: 'Salitran cabinet', areaRef: 'dasma', latitude: 14.3294, longitude: 120.9367, address: 'Aguinaldo Hwy, Dasmariñas', barangayRefs: ['salitran', 'paliparan', 'sampaloc'] },
];

/** Per LCP: this many 1:8 splitters, each feeding this many 8-port NAP boxes. */
export const SPLITTERS_PER_LCP = 2;
export const NAPS_PER_SPLITTER = 4;
export const PORTS_PER_NAP = 8;

export const FIRST_NAMES = [
  'Maria', 'Jose', 'Juan', 'Ana', 'Mark', 'Angelica', 'John Paul', 'Kristine', 'Rodel', 'Marites', 'Jericho', 'Lovely', 'Ramon', 'Cristina', 'Noel', 'Rowena',
  'Jayson', 'Mary Grace', 'Ariel', 'Liza', 'Benjie', 'Princess', 'Romeo', 'Jocelyn', 'Paolo', 'Rhea', 'Dennis', 'Shiela', 'Carlo', 'Divina', 'Edwin', 'Joy',
];

export const LAST_NAMES = [
  'Santos', 'Reyes', 'Cruz', 'Bautista', 'Ocampo', 'Garcia', 'Mendoza', 'Torres', 'Tomas', 'Andrada', 'Castillo', 'Flores', 'Villanueva', 'Ramos', 'Castro',
  'Rivera', 'Aquino', 'Navarro', 'Salazar', 'Mercado', 'Dela Cruz', 'De Leon', 'Manalo', 'Pascual', 'Soriano', 'Gonzales', 'Lopez', 'Aguilar', 'Dizon', 'Valdez',
];

export const STREETS = ['Rizal St', 'Mabini St', 'Bonifacio St', 'Aguinaldo Hwy', 'Quezon Ave', 'Luna St', 'Del Pilar St', 'Burgos St', 'Sampaguita St', 'Ilang-Ilang St'];

export const BUSINESSES = ['Sari-Sari ni Aling Nena', 'Kape ni Juan', 'Tindahan ni Mang Ben', 'Lola Remy Carinderia', 'Pedro Computer Shop', 'JM Printing Services', 'Bayanihan Pharmacy', 'Dizon Hardware'];

/** Mobile prefixes of the big networks, for 09xx numbers. */
export const PHONE_PREFIXES = ['0917', '0918', '0919', '0920', '0927', '0928', '0939', '0945', '0955', '0966', '0977', '0995', '0998'];
