//! Sea and ocean names with label points, written by hand from standard atlases (facts, not
//! copied data). `rank` 1 is an ocean, 2 a large sea, 3 a smaller sea or gulf; smaller ranks
//! show on smaller-scale maps.

/// A named body of water.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sea {
    /// English name.
    pub name: &'static str,
    /// Label point longitude.
    pub lon: f64,
    /// Label point latitude.
    pub lat: f64,
    /// 1 ocean, 2 large sea, 3 small sea or gulf.
    pub rank: u8,
}

const fn sea(name: &'static str, lon: f64, lat: f64, rank: u8) -> Sea {
    Sea {
        name,
        lon,
        lat,
        rank,
    }
}

/// Every sea placemap can label.
pub const SEAS: &[Sea] = &[
    sea("Pacific Ocean", -150.0, 15.0, 1),
    sea("Pacific Ocean", 165.0, 25.0, 1),
    sea("Atlantic Ocean", -38.0, 32.0, 1),
    sea("Atlantic Ocean", -18.0, -18.0, 1),
    sea("Indian Ocean", 78.0, -18.0, 1),
    sea("Arctic Ocean", 10.0, 84.0, 1),
    sea("Southern Ocean", 60.0, -60.0, 1),
    sea("Mediterranean Sea", 18.0, 34.5, 2),
    sea("Black Sea", 34.5, 43.2, 2),
    sea("Caspian Sea", 50.6, 41.8, 2),
    sea("North Sea", 3.5, 56.0, 2),
    sea("Baltic Sea", 19.3, 57.0, 2),
    sea("Red Sea", 38.5, 20.5, 2),
    sea("Arabian Sea", 64.0, 15.0, 2),
    sea("Bay of Bengal", 88.5, 15.0, 2),
    sea("South China Sea", 114.0, 13.0, 2),
    sea("East China Sea", 126.0, 29.5, 2),
    sea("Sea of Japan", 135.0, 40.5, 2),
    sea("Philippine Sea", 132.0, 20.0, 2),
    sea("Coral Sea", 155.0, -17.0, 2),
    sea("Tasman Sea", 161.0, -38.0, 2),
    sea("Gulf of Mexico", -90.0, 25.0, 2),
    sea("Caribbean Sea", -75.0, 15.0, 2),
    sea("Hudson Bay", -85.5, 59.5, 2),
    sea("Barents Sea", 40.0, 73.5, 2),
    sea("Norwegian Sea", 2.0, 68.0, 2),
    sea("Greenland Sea", -5.0, 75.5, 2),
    sea("Bering Sea", -178.0, 58.0, 2),
    sea("Sea of Okhotsk", 150.0, 53.5, 2),
    sea("Gulf of Alaska", -145.0, 56.5, 2),
    sea("Labrador Sea", -55.0, 58.5, 2),
    sea("Kara Sea", 70.0, 76.0, 2),
    sea("Laptev Sea", 125.0, 76.0, 2),
    sea("East Siberian Sea", 160.0, 73.5, 2),
    sea("Chukchi Sea", -170.0, 69.5, 2),
    sea("Beaufort Sea", -140.0, 72.0, 2),
    sea("Persian Gulf", 51.3, 27.3, 3),
    sea("Gulf of Oman", 58.5, 24.5, 3),
    sea("Gulf of Aden", 48.0, 12.5, 3),
    sea("Adriatic Sea", 15.5, 43.0, 3),
    sea("Aegean Sea", 25.0, 38.8, 3),
    sea("Ionian Sea", 19.0, 38.0, 3),
    sea("Tyrrhenian Sea", 12.0, 40.0, 3),
    sea("Bay of Biscay", -5.0, 45.5, 3),
    sea("Sea of Azov", 36.6, 46.1, 3),
    sea("Yellow Sea", 123.0, 35.5, 3),
    sea("Bohai Sea", 120.0, 38.8, 3),
    sea("Andaman Sea", 96.0, 11.0, 3),
    sea("Java Sea", 110.0, -5.0, 3),
    sea("Celebes Sea", 122.0, 4.0, 3),
    sea("Banda Sea", 127.0, -6.0, 3),
    sea("Arafura Sea", 135.0, -10.0, 3),
    sea("Timor Sea", 127.0, -11.5, 3),
    sea("Gulf of Thailand", 102.0, 10.0, 3),
    sea("Gulf of Guinea", 3.0, 2.0, 3),
    sea("Mozambique Channel", 41.0, -18.0, 3),
    sea("Gulf of Bothnia", 20.5, 62.5, 3),
    sea("Gulf of Finland", 26.0, 59.8, 3),
    sea("English Channel", -2.5, 50.0, 3),
    sea("Irish Sea", -5.0, 53.8, 3),
    sea("Celtic Sea", -8.0, 50.5, 3),
    sea("Ligurian Sea", 8.5, 43.5, 3),
    sea("Balearic Sea", 2.5, 40.0, 3),
    sea("Alboran Sea", -3.5, 36.0, 3),
    sea("Levantine Sea", 32.0, 33.5, 3),
    sea("Gulf of California", -110.5, 27.5, 3),
    sea("Gulf of St. Lawrence", -62.0, 48.5, 3),
    sea("Baffin Bay", -66.0, 73.5, 3),
    sea("White Sea", 38.0, 65.5, 3),
    sea("Great Australian Bight", 131.0, -34.5, 3),
    sea("Gulf of Carpentaria", 139.5, -14.5, 3),
];
