-- The demo database served by `npm start`.
create table if not exists cities (
  id integer primary key,
  name text not null,
  country text not null,
  population integer,
  latitude real,
  longitude real
);
insert into cities (name, country, population, latitude, longitude) values
  ('Tokyo', 'Japan', 37400068, 35.6897, 139.6922),
  ('Delhi', 'India', 28514000, 28.61, 77.23),
  ('Shanghai', 'China', 25582000, 31.2286, 121.4747),
  ('São Paulo', 'Brazil', 21650000, -23.5504, -46.6339),
  ('Mexico City', 'Mexico', 21581000, 19.4333, -99.1333),
  ('Cairo', 'Egypt', 20076000, 30.0444, 31.2358),
  ('Mumbai', 'India', 19980000, 19.0761, 72.8775),
  ('Beijing', 'China', 19618000, 39.9067, 116.3975),
  ('Dhaka', 'Bangladesh', 19578000, 23.7639, 90.3889),
  ('Osaka', 'Japan', 19281000, 34.6939, 135.5022),
  ('New York', 'United States', 18819000, 40.6943, -73.9249),
  ('Karachi', 'Pakistan', 15400000, 24.86, 67.01),
  ('Buenos Aires', 'Argentina', 14967000, -34.6033, -58.3817),
  ('Istanbul', 'Turkey', 14751000, 41.0136, 28.955),
  ('Lagos', 'Nigeria', 13463000, 6.455, 3.3841),
  ('London', 'United Kingdom', 9046000, 51.5072, -0.1275),
  ('Paris', 'France', 11017000, 48.8567, 2.3522),
  ('Nairobi', 'Kenya', 4397000, -1.2864, 36.8172);

create table if not exists geocode_log (
  id integer primary key,
  query text not null,
  looked_up_at text default (datetime('now'))
);
create view if not exists big_cities as
  select name, country, population from cities where population > 20000000 order by population desc;
