//! Laying out a resolved scene: the page, the projection's fit, the basemap in pixels,
//! symbols, routes, labels and furniture.

pub(crate) mod furniture;
pub(crate) mod labels;
pub(crate) mod map;
pub(crate) mod page;
pub(crate) mod routes;
mod scale_bar;
pub(crate) mod seas;
pub(crate) mod text;
pub(crate) mod timeline;

pub use scale_bar::scale_bar_length;
