import pg from 'pg';

// Return bigint counts and ids as JS numbers; our counts stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
// Keep DATE columns as 'YYYY-MM-DD' strings: a calendar day has no time zone to get wrong.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
