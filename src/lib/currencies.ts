/**
 * ISO 4217 currencies a tenant may bill in, with each one's minor-unit exponent (how many
 * decimals the currency has). Amounts are stored as integers in the minor unit, so billing
 * reads the exponent from here to format and round: PHP 123.45 is 12345, JPY 500 is 500,
 * BHD 1.250 is 1250.
 */
export interface Currency {
  code: string;
  name: string;
  /** Digits after the decimal point (ISO 4217 "minor unit"). */
  exponent: 0 | 2 | 3;
}

const LIST: readonly Currency[] = [
  { code: 'AED', name: 'UAE dirham', exponent: 2 },
  { code: 'ARS', name: 'Argentine peso', exponent: 2 },
  { code: 'AUD', name: 'Australian dollar', exponent: 2 },
  { code: 'BDT', name: 'Bangladeshi taka', exponent: 2 },
  { code: 'BHD', name: 'Bahraini dinar', exponent: 3 },
  { code: 'BRL', name: 'Brazilian real', exponent: 2 },
  { code: 'CAD', name: 'Canadian dollar', exponent: 2 },
  { code: 'CHF', name: 'Swiss franc', exponent: 2 },
  { code: 'CLP', name: 'Chilean peso', exponent: 0 },
  { code: 'CNY', name: 'Chinese yuan', exponent: 2 },
  { code: 'COP', name: 'Colombian peso', exponent: 2 },
  { code: 'CZK', name: 'Czech koruna', exponent: 2 },
  { code: 'DKK', name: 'Danish krone', exponent: 2 },
  { code: 'EGP', name: 'Egyptian pound', exponent: 2 },
  { code: 'ETB', name: 'Ethiopian birr', exponent: 2 },
  { code: 'EUR', name: 'Euro', exponent: 2 },
  { code: 'GBP', name: 'Pound sterling', exponent: 2 },
  { code: 'GHS', name: 'Ghanaian cedi', exponent: 2 },
  { code: 'HKD', name: 'Hong Kong dollar', exponent: 2 },
  { code: 'HUF', name: 'Hungarian forint', exponent: 2 },
  { code: 'IDR', name: 'Indonesian rupiah', exponent: 2 },
  { code: 'ILS', name: 'Israeli new shekel', exponent: 2 },
  { code: 'INR', name: 'Indian rupee', exponent: 2 },
  { code: 'IQD', name: 'Iraqi dinar', exponent: 3 },
  { code: 'ISK', name: 'Icelandic króna', exponent: 0 },
  { code: 'JOD', name: 'Jordanian dinar', exponent: 3 },
  { code: 'JPY', name: 'Japanese yen', exponent: 0 },
  { code: 'KES', name: 'Kenyan shilling', exponent: 2 },
  { code: 'KRW', name: 'South Korean won', exponent: 0 },
  { code: 'KWD', name: 'Kuwaiti dinar', exponent: 3 },
  { code: 'LKR', name: 'Sri Lankan rupee', exponent: 2 },
  { code: 'MAD', name: 'Moroccan dirham', exponent: 2 },
  { code: 'MXN', name: 'Mexican peso', exponent: 2 },
  { code: 'MYR', name: 'Malaysian ringgit', exponent: 2 },
  { code: 'NGN', name: 'Nigerian naira', exponent: 2 },
  { code: 'NOK', name: 'Norwegian krone', exponent: 2 },
  { code: 'NPR', name: 'Nepalese rupee', exponent: 2 },
  { code: 'NZD', name: 'New Zealand dollar', exponent: 2 },
  { code: 'OMR', name: 'Omani rial', exponent: 3 },
  { code: 'PEN', name: 'Peruvian sol', exponent: 2 },
  { code: 'PHP', name: 'Philippine peso', exponent: 2 },
  { code: 'PKR', name: 'Pakistani rupee', exponent: 2 },
  { code: 'PLN', name: 'Polish złoty', exponent: 2 },
  { code: 'QAR', name: 'Qatari riyal', exponent: 2 },
  { code: 'RON', name: 'Romanian leu', exponent: 2 },
  { code: 'RWF', name: 'Rwandan franc', exponent: 0 },
  { code: 'SAR', name: 'Saudi riyal', exponent: 2 },
  { code: 'SEK', name: 'Swedish krona', exponent: 2 },
  { code: 'SGD', name: 'Singapore dollar', exponent: 2 },
  { code: 'THB', name: 'Thai baht', exponent: 2 },
  { code: 'TND', name: 'Tunisian dinar', exponent: 3 },
  { code: 'TRY', name: 'Turkish lira', exponent: 2 },
  { code: 'TWD', name: 'New Taiwan dollar', exponent: 2 },
  { code: 'TZS', name: 'Tanzanian shilling', exponent: 2 },
  { code: 'UGX', name: 'Ugandan shilling', exponent: 0 },
  { code: 'USD', name: 'US dollar', exponent: 2 },
  { code: 'UYU', name: 'Uruguayan peso', exponent: 2 },
  { code: 'VND', name: 'Vietnamese đồng', exponent: 0 },
  { code: 'XAF', name: 'Central African CFA franc', exponent: 0 },
  { code: 'XOF', name: 'West African CFA franc', exponent: 0 },
  { code: 'ZAR', name: 'South African rand', exponent: 2 },
  { code: 'ZMW', name: 'Zambian kwacha', exponent: 2 },
];

export const CURRENCIES: ReadonlyMap<string, Currency> = new Map(LIST.map((c) => [c.code, c]));

export function isCurrencyCode(code: string): boolean {
  return CURRENCIES.has(code);
}

/** The minor-unit exponent of a supported currency; throws for an unknown code. */
export function currencyExponent(code: string): number {
  const currency = CURRENCIES.get(code);
  if (!currency) throw new Error(`unsupported currency ${code}`);
  return currency.exponent;
}
